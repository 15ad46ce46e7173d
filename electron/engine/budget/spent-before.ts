import type { ModelPrice } from '../../../shared/pricing.ts';
import { costUsd } from '../../../shared/pricing.ts';

/**
 * What earlier starts of a run spent, as its budget counts it on resume: every bill recorded, and
 * each attempt a crash cut off in flight at its worst case, since it may have been billed and
 * nothing recorded says it was not. `interruptedTokens`: each such attempt's reserved tokens
 * (estimated prompt + max_tokens, as stored when it started).
 */
/** A request's worst case: its reserved prompt tokens and every max_tokens of output, at the price. */
export function worstCaseUsd(price: ModelPrice, reservedTokens: number, maxTokens: number): number {
  return costUsd(price, Math.max(0, reservedTokens - maxTokens), maxTokens);
}

export function spentBeforeUsd(settledUsd: number, interruptedTokens: readonly number[], price: ModelPrice | undefined, maxTokens: number): number {
  if (!price) return settledUsd;
  let spent = settledUsd;
  for (const tokens of interruptedTokens) spent += worstCaseUsd(price, tokens, maxTokens);
  return spent;
}
