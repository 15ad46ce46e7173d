import { useState } from 'react';
import type { FormEvent } from 'react';
import { BudgetUsdSchema } from '../../../shared/domain/settings.ts';
import { TextField } from '../../components/text-field.tsx';
import { parseUsd } from '../../store/settings-draft.ts';
import { usePacer } from '../../store/store-context.tsx';

/** A run stopped at its budget: a higher budget, and Resume with it. Starts at twice the old one. */
export function RaiseBudgetForm() {
  const budgetUsd = usePacer((s) => s.detail?.settings.budgetUsd ?? null);
  const resumeWithBudget = usePacer((s) => s.resumeWithBudget);
  const [text, setText] = useState(budgetUsd === null ? '' : String(Number((budgetUsd * 2).toPrecision(6))));
  const [busy, setBusy] = useState(false);
  const error = budgetError(text, budgetUsd);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (error !== undefined || busy) return;
    setBusy(true);
    try {
      await resumeWithBudget(parseUsd(text) as number);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} data-testid="raise-budget-form">
      <TextField label="New budget (US $)" testId="raise-budget-input" inputMode="decimal" value={text} onChange={setText} error={text.trim() === '' ? undefined : error} />
      <button type="submit" className="button-primary" data-testid="raise-budget-resume" disabled={error !== undefined || busy}>
        Raise budget and resume
      </button>
    </form>
  );
}

/** Undefined when `text` is a budget above the old one. */
function budgetError(text: string, oldUsd: number | null): string | undefined {
  const parsed = parseUsd(text);
  if (parsed === 'blank') return 'Type the new budget';
  if (parsed === 'invalid') return `Budget must be a number of US dollars such as 5 or 12.50, not ${JSON.stringify(text.trim())}`;
  const checked = BudgetUsdSchema.safeParse(parsed);
  if (!checked.success) return checked.error.issues[0]?.message;
  if (oldUsd !== null && parsed <= oldUsd) return `The run has spent its $${oldUsd} budget: give more than that`;
  return undefined;
}
