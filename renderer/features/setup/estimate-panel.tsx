import type { RunEstimate } from '../../../shared/domain/estimate.ts';
import { etaWords } from '../../../shared/eta-words.ts';
import { formatCount, formatDuration, formatTokens, formatUsd } from '../../components/format.ts';
import type { EstimateState } from './use-estimate.ts';

/** What the run will take before anything is sent: tokens, cost range, and the least time the limits allow. */
export function EstimatePanel({ state }: { readonly state: EstimateState }) {
  return (
    <section className="estimate" data-testid="estimate" data-state={state.kind} aria-live="polite" aria-label="Estimate">
      {state.kind === 'idle' ? <p className="muted">Add topics and valid settings to see an estimate.</p> : null}
      {state.kind === 'loading' ? <p className="muted">Estimating…</p> : null}
      {state.kind === 'error' ? (
        <p className="message-error" data-testid="estimate-error">
          {state.message}
        </p>
      ) : null}
      {state.kind === 'ready' ? <EstimateFigures estimate={state.estimate} /> : null}
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
      <div>
        <dt>Time</dt>
        <dd data-testid="estimate-eta">{etaText(estimate)}</dd>
      </div>
    </dl>
  );
}

function etaText(estimate: RunEstimate): string {
  return etaWords(estimate, formatDuration);
}
