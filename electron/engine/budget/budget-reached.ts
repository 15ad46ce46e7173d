import type { PacerError } from '../../../shared/domain/errors.ts';
import { BUDGET_REACHED } from '../../../shared/domain/events.ts';
import type { BudgetGuard } from './budget-guard.ts';

/** Why a run with a budget stopped before its next request: the figures, and how to go on. */
export function budgetReachedError(guard: BudgetGuard, worstUsd: number, tasksLeft: number): PacerError {
  const message =
    `Budget reached: ${dollars(guard.spentUsd)} spent of ${dollars(guard.limitUsd)}, and the next request could cost up to ` +
    `${dollars(worstUsd)}, more than the ${dollars(guard.availableUsd)} left. ${tasksLeft} topic${tasksLeft === 1 ? ' is' : 's are'} not done: ` +
    `resume the run with a higher budget to finish ${tasksLeft === 1 ? 'it' : 'them'}; what is done is not paid again.`;
  return { code: BUDGET_REACHED, message };
}

/** A model without a price cannot be held to a budget. */
export function budgetUnpricedError(model: string): PacerError {
  return {
    code: 'budget_unpriced',
    message: `A budget needs the model's price, and ${JSON.stringify(model)} has none in Pacer's price table. Add a price override for it, or run without a budget.`,
  };
}

/** Small runs cost fractions of a cent: two significant digits below a cent, cents above. */
function dollars(usd: number): string {
  if (usd === 0 || usd >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${Number(usd.toPrecision(2))}`;
}
