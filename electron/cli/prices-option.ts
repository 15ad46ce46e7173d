import type { PriceTable } from '../../shared/pricing.ts';
import { DEFAULT_PRICES } from '../../shared/pricing.ts';
import { applyPriceOverrides, parsePriceOverrides, PriceOverrideError } from '../../shared/price-overrides.ts';
import { InputError } from '../../shared/input/input-error.ts';
import { readUserTextFile } from '../input/read-user-text-file.ts';
import type { UserTextFileKind } from '../input/read-user-text-file.ts';
import { UsageError } from './exit-codes.ts';

const CHOOSE = 'Give --prices the path of a JSON file of prices per model.';

const PRICES_FILE: UserTextFileKind = {
  what: 'Prices file',
  choose: CHOOSE,
  binaryHint: CHOOSE,
  // Thousands of models' prices.
  maxBytes: 1024 * 1024,
  tooLarge: 'Check that --prices names the right file.',
};

/**
 * `--prices FILE` for run, resume and retry-failed: the user's own prices per model (JSON, see
 * price-overrides.ts) over the built-in table, for the estimate, each reply's cost and the budget.
 */
export async function pricesOption(path: string | undefined): Promise<PriceTable> {
  if (path === undefined) return DEFAULT_PRICES;
  let text: string;
  try {
    text = await readUserTextFile(path, PRICES_FILE);
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(`--prices: ${error.message}`);
    throw error;
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
