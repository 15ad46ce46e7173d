import type { ModelPrice, PriceTable } from './pricing.ts';
import { BATCH_DISCOUNT, normalizeModelName } from './pricing.ts';

/**
 * A user's own prices, as JSON: `{"gpt-4o-mini": {"inputPerMillion": 0.15, "outputPerMillion": 0.6,
 * "batchDiscount": 0.5}}`, for a model missing from the built-in table (a local or fine-tuned one)
 * or a price that has changed. Each entry replaces the model's built-in entry; a missing
 * batchDiscount keeps the built-in one, else OpenAI's 50 %.
 */
export interface PriceOverride {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  readonly batchDiscount?: number;
}

export type PriceOverrides = Readonly<Record<string, PriceOverride>>;

export class PriceOverrideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PriceOverrideError';
  }
}

const FIELDS = ['inputPerMillion', 'outputPerMillion', 'batchDiscount'];
const EXAMPLE = '{"gpt-4o-mini": {"inputPerMillion": 0.15, "outputPerMillion": 0.6, "batchDiscount": 0.5}}';

/** Checks parsed JSON against the override format; `source` names where it came from in errors. */
export function parsePriceOverrides(value: unknown, source = 'Price overrides'): PriceOverrides {
  if (!isObject(value)) throw new PriceOverrideError(`${source} must be a JSON object of prices by model, such as ${EXAMPLE}; got ${describe(value)}.`);
  const out: Record<string, PriceOverride> = {};
  for (const [model, entry] of Object.entries(value)) {
    const name = normalizeModelName(model);
    const where = `${source}, model ${JSON.stringify(model)}`;
    if (name === '') throw new PriceOverrideError(`${source}: a model name is empty; name each model, as in ${EXAMPLE}.`);
    if (Object.hasOwn(out, name)) throw new PriceOverrideError(`${where}: listed twice (names compare without case and spaces); keep one.`);
    if (!isObject(entry)) throw new PriceOverrideError(`${where}: must be an object such as {"inputPerMillion": 0.15, "outputPerMillion": 0.6}; got ${describe(entry)}.`);
    const unknown = Object.keys(entry).find((key) => !FIELDS.includes(key));
    if (unknown !== undefined) throw new PriceOverrideError(`${where}: unknown field ${JSON.stringify(unknown)}; the fields are ${FIELDS.join(', ')}.`);
    const inputPerMillion = dollars(entry.inputPerMillion, `${where}: inputPerMillion`);
    const outputPerMillion = dollars(entry.outputPerMillion, `${where}: outputPerMillion`);
    const discount = entry.batchDiscount;
    if (discount !== undefined && !(typeof discount === 'number' && discount >= 0 && discount < 1)) {
      throw new PriceOverrideError(`${where}: batchDiscount must be a share from 0 up to (not including) 1, such as 0.5 for half price; got ${describe(discount)}.`);
    }
    out[name] = { inputPerMillion, outputPerMillion, ...(discount !== undefined && { batchDiscount: discount }) };
  }
  return out;
}

/** `base` with each overridden model's entry replaced. */
export function applyPriceOverrides(base: PriceTable, overrides: PriceOverrides): PriceTable {
  const table: Record<string, ModelPrice> = { ...base };
  for (const [name, override] of Object.entries(overrides)) {
    table[name] = {
      inputPerMillion: override.inputPerMillion,
      outputPerMillion: override.outputPerMillion,
      batchDiscount: override.batchDiscount ?? base[name]?.batchDiscount ?? BATCH_DISCOUNT,
    };
  }
  return table;
}

function dollars(value: unknown, what: string): number {
  if (value === undefined) throw new PriceOverrideError(`${what} is missing: give the price in US dollars per 1M tokens, such as 0.15.`);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PriceOverrideError(`${what} must be a number of US dollars per 1M tokens, 0 or more, such as 0.15; got ${describe(value)}.`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
