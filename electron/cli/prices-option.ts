import { readFile } from 'node:fs/promises';
import type { PriceTable } from '../../shared/pricing.ts';
import { DEFAULT_PRICES } from '../../shared/pricing.ts';
import { applyPriceOverrides, parsePriceOverrides, PriceOverrideError } from '../../shared/price-overrides.ts';
import { UsageError } from './exit-codes.ts';

/**
 * `--prices FILE` for run, resume and retry-failed: the user's own prices per model (JSON, see
 * price-overrides.ts) over the built-in table, for the estimate, each reply's cost and the budget.
 */
export async function pricesOption(path: string | undefined): Promise<PriceTable> {
  if (path === undefined) return DEFAULT_PRICES;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read --prices ${JSON.stringify(path)}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--prices ${JSON.stringify(path)} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return applyPriceOverrides(DEFAULT_PRICES, parsePriceOverrides(value, `--prices ${path}`));
  } catch (error) {
    if (error instanceof PriceOverrideError) throw new UsageError(error.message);
    throw error;
  }
}
