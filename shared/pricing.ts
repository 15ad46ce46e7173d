/**
 * List prices in US dollars per 1M tokens (standard tier, no batch discount, no cached input).
 * Taken on 2026-11-29 from the figures the team agreed on; prices change, so check them against
 * https://openai.com/api/pricing before relying on a cost estimate. An unknown model has no price
 * and the UI says "price unknown" rather than guessing.
 */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

const PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-5': { inputPerMillion: 1.25, outputPerMillion: 10 },
  'gpt-5-mini': { inputPerMillion: 0.25, outputPerMillion: 2 },
  'gpt-5-nano': { inputPerMillion: 0.05, outputPerMillion: 0.4 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  o3: { inputPerMillion: 2, outputPerMillion: 8 },
};

/** A snapshot pinned to a date (`gpt-4o-mini-2024-07-18`) is billed like its alias. */
const DATED = /^(.+)-\d{4}-\d{2}-\d{2}$/;

export function priceFor(model: string): ModelPrice | undefined {
  const name = model.trim().toLowerCase();
  const alias = DATED.exec(name)?.[1] ?? name;
  return Object.hasOwn(PRICES, alias) ? PRICES[alias] : undefined;
}

/** Dollars for a number of input and output tokens. */
export function costUsd(price: ModelPrice, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
}
