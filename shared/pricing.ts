/**
 * Prices in US dollars per 1M tokens, one table per model: the standard (online) tier and the
 * Batch API's discount on it. This is the one source of every cost figure (the estimate, each
 * task's cost, the budget); a user's overrides (price-overrides.ts) are applied on top of it.
 *
 * List prices taken on 2026-11-29 from the figures the team agreed on (no cached input); prices
 * change, so check them against https://openai.com/api/pricing before relying on a cost estimate.
 * An unknown model has no price and the UI says "price unknown" rather than guessing.
 */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  /** The share the Batch API takes off both prices: 0.5 is half price. */
  readonly batchDiscount: number;
}

/** Prices by lower-case model name (aliases, not dated snapshots). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** Online requests pay the list price; the Batch API pays it less its discount. */
export type PriceTier = 'online' | 'batch';

/** OpenAI's Batch API discount on every model it serves. */
export const BATCH_DISCOUNT = 0.5;

const listed = (inputPerMillion: number, outputPerMillion: number): ModelPrice => ({ inputPerMillion, outputPerMillion, batchDiscount: BATCH_DISCOUNT });

export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o-mini': listed(0.15, 0.6),
  'gpt-4o': listed(2.5, 10),
  'gpt-4.1': listed(2, 8),
  'gpt-4.1-mini': listed(0.4, 1.6),
  'gpt-4.1-nano': listed(0.1, 0.4),
  'gpt-5': listed(1.25, 10),
  'gpt-5-mini': listed(0.25, 2),
  'gpt-5-nano': listed(0.05, 0.4),
  'o4-mini': listed(1.1, 4.4),
  o3: listed(2, 8),
};

/** A snapshot pinned to a date (`gpt-4o-mini-2024-07-18`) is billed like its alias. */
const DATED = /^(.+)-\d{4}-\d{2}-\d{2}$/;

/** The model's price in `table`: its exact name first, then the alias of a dated snapshot. */
export function priceFor(model: string, table: PriceTable = DEFAULT_PRICES): ModelPrice | undefined {
  const name = normalizeModelName(model);
  if (Object.hasOwn(table, name)) return table[name];
  const alias = DATED.exec(name)?.[1];
  return alias !== undefined && Object.hasOwn(table, alias) ? table[alias] : undefined;
}

/** Dollars for a number of input and output tokens, at the online or the batch tier. */
export function costUsd(price: ModelPrice, inputTokens: number, outputTokens: number, tier: PriceTier = 'online'): number {
  const list = (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
  return tier === 'batch' ? list * (1 - price.batchDiscount) : list;
}

/** How a table's keys are written: model names compare trimmed and in lower case. */
export function normalizeModelName(model: string): string {
  return model.trim().toLowerCase();
}
