import { BudgetUsdSchema } from '../../shared/domain/settings.ts';
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
