import type { RunEstimate } from '../../../shared/domain/estimate.ts';
import { etaWords } from '../../../shared/eta-words.ts';
import { formatCount, formatDuration, formatTokens, formatUsd } from '../../components/format.ts';
import { RunBlockerActions } from './run-blocker-view.tsx';
import type { EstimateState } from './use-estimate.ts';
import { useDraftResult } from './use-draft-result.ts';
import type { RunBlocker } from './use-run-blocker.ts';

/** What the run will take before anything is sent: tokens, cost range, and the least time the limits allow. */
export function EstimatePanel({ state, blocker }: { readonly state: EstimateState; readonly blocker: RunBlocker | null }) {
  return (
    <section className="estimate" data-testid="estimate" data-state={state.kind} aria-live="polite" aria-label="Estimate">
      {state.kind === 'idle' && blocker ? (
        <div className="estimate-blocked" data-testid="estimate-blocked">
          <p>
            No estimate yet. {blocker.detail ?? blocker.reason}
          </p>
          <RunBlockerActions blocker={blocker} testId="estimate-blocked" />
        </div>
      ) : null}
      {state.kind === 'loading' ? <p className="muted">Estimating…</p> : null}
      {state.kind === 'error' ? (
        <p className="message-error" data-testid="estimate-error">
          {state.message}
        </p>
      ) : null}
      {state.kind === 'ready' ? <EstimateFigures estimate={state.estimate} /> : null}
      {state.kind === 'ready' && state.sampled !== undefined ? (
        <p className="muted" data-testid="estimate-sampled">
          Scaled up from {formatCount(state.sampled)} of the {formatCount(state.estimate.tasks)} topics.
        </p>
      ) : null}
    </section>
  );
}

function EstimateFigures({ estimate }: { readonly estimate: RunEstimate }) {
  return (
    <dl className="estimate-figures">
      <div>
        <dt>Requests</dt>
        <dd data-testid="estimate-tasks">{formatCount(estimate.tasks)}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd data-testid="estimate-tokens" title={`${formatCount(estimate.promptTokens)} prompt + up to ${formatCount(estimate.maxOutputTokens)} output`}>
          {formatTokens(estimate.promptTokens)} in + ≈{formatTokens(estimate.expectedOutputTokens)} out
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd data-testid="estimate-cost">{estimate.cost ? `${formatUsd(estimate.cost.minUsd)} – ${formatUsd(estimate.cost.maxUsd)}` : 'price unknown'}</dd>
      </div>
      {estimate.batchCost ? (
        <div>
          <dt>Batch API cost</dt>
          <dd data-testid="estimate-batch-cost" title="Half price, in exchange for up to 24 hours">
            {formatUsd(estimate.batchCost.minUsd)} – {formatUsd(estimate.batchCost.maxUsd)}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>Time</dt>
        <dd data-testid="estimate-eta">{etaText(estimate)}</dd>
      </div>
      <BudgetFit estimate={estimate} />
    </dl>
  );
}

/** With a budget: whether it covers the run's expected and its largest cost. */
function BudgetFit({ estimate }: { readonly estimate: RunEstimate }) {
  const draft = useDraftResult();
  const budgetUsd = draft.ok ? draft.settings.budgetUsd : null;
  if (budgetUsd === null || !estimate.cost) return null;
  const { expectedUsd, maxUsd } = estimate.cost;
  const words =
    budgetUsd >= maxUsd
      ? `${formatUsd(budgetUsd)}: covers the whole run`
      : budgetUsd >= expectedUsd
        ? `${formatUsd(budgetUsd)}: covers the expected ${formatUsd(expectedUsd)}, not every reply at max tokens; the run may stop before the end`
        : `${formatUsd(budgetUsd)}: below the expected ${formatUsd(expectedUsd)}; the run will likely stop at about ${Math.round((budgetUsd / expectedUsd) * 100)} % of its topics`;
  return (
    <div>
      <dt>Budget</dt>
      <dd data-testid="estimate-budget">{words}</dd>
    </div>
  );
}

function etaText(estimate: RunEstimate): string {
  return etaWords(estimate, formatDuration);
}
