import { BudgetUsdSchema } from '../../shared/domain/settings.ts';
import type { PriceTable } from '../../shared/pricing.ts';
import { priceFor } from '../../shared/pricing.ts';
import { UsageError } from './exit-codes.ts';

/** --budget-usd N, for run, resume and retry-failed: US dollars above 0; undefined when not given. */
export function budgetOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim() === '' ? Number.NaN : Number(raw.trim());
  if (!Number.isFinite(value)) throw new UsageError(`--budget-usd must be a number of US dollars, such as 5 or 12.50; got ${JSON.stringify(raw)}.`);
  const parsed = BudgetUsdSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--budget-usd: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
  return parsed.data;
}

/** A budget is kept at the model's price: a model without one cannot have a budget. */
export function checkBudgetPrice(budgetUsd: number | null, model: string, prices: PriceTable): void {
  if (budgetUsd !== null && !priceFor(model, prices)) {
    throw new UsageError(`--budget-usd needs the model's price, and ${JSON.stringify(model)} has none: add it with --prices FILE, or run without a budget.`);
  }
}
