import { useState } from 'react';
import type { RunStatus, RunSummary } from '../../../shared/domain/run-records.ts';
import { elapsedMs, isGoing } from '../../../shared/run-view/run-time.ts';
import { formatCount, formatDateTime, formatDuration, formatUsd } from '../../components/format.ts';
import { finishedPercent } from '../../components/progress.ts';
import { RunNameEditor } from '../../components/run-name-editor.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useNow } from '../../components/use-now.ts';
import { usePacer } from '../../store/store-context.tsx';

/** Runs that stopped with work left: run.start sends what is not done. */
const RESUMABLE: readonly RunStatus[] = ['created', 'interrupted', 'cancelled', 'stopped'];

export function HistoryRow({ run }: { readonly run: RunSummary }) {
  const openRun = usePacer((s) => s.openRun);
  const resumeStoredRun = usePacer((s) => s.resumeStoredRun);
  const retryFailedRun = usePacer((s) => s.retryFailedRun);
  const duplicateRun = usePacer((s) => s.duplicateRun);
  const deleteRun = usePacer((s) => s.deleteRun);
  const [confirming, setConfirming] = useState(false);
  const going = isGoing(run.status);
  const now = useNow(going);
  const { counts } = run;
  const duration = elapsedMs(run, going, now);

  return (
    <tr data-testid="history-row" data-run-id={run.id} data-status={run.status}>
      <td className="history-name">
        <RunNameEditor runId={run.id} name={run.name} testId="history-name" />
        <p className="muted">{run.model}</p>
      </td>
      <td>
        <StatusBadge status={run.status} testId="history-status" />
        {run.error ? (
          <p className="history-error" title={run.error.message}>
            {run.error.message}
          </p>
        ) : null}
      </td>
      <td className="col-num" title={`${counts.done} done · ${counts.needs_review} need review · ${counts.failed} failed · ${counts.skipped} skipped · ${counts.cancelled} cancelled`}>
        {formatCount(counts.done)} / {formatCount(run.total)}
        {counts.needs_review > 0 ? <span data-testid="history-needs-review"> · {formatCount(counts.needs_review)} need review</span> : null}
        {counts.failed > 0 ? <span className="history-failed"> · {formatCount(counts.failed)} failed</span> : null}
        <span className="muted" data-testid="history-percent"> ({finishedPercent(counts, run.total)}%)</span>
      </td>
      <td className="nowrap" data-testid="history-duration">
        {duration === null ? '–' : formatDuration(duration)}
      </td>
      <td className="nowrap" data-testid="history-cost">
        {run.costUsd === null ? '–' : formatUsd(run.costUsd)}
      </td>
      <td className="nowrap" data-testid="history-429" data-count={run.rateLimited}>
        {formatCount(run.rateLimited)}
      </td>
      <td className="nowrap">{formatDateTime(run.createdAt)}</td>
      <td>
        <div className="history-actions">
        <button type="button" className="button-secondary" data-testid="history-open" onClick={() => void openRun(run.id)}>
          Open
        </button>
        {RESUMABLE.includes(run.status) ? (
          <button type="button" className="button-primary" data-testid="history-resume" onClick={() => void resumeStoredRun(run.id)}>
            {run.status === 'created' ? 'Start' : 'Resume'}
          </button>
        ) : null}
        {counts.failed > 0 && !going ? (
          <button type="button" className="button-secondary" data-testid="history-retry-failed" onClick={() => void retryFailedRun(run.id)}>
            Retry failed
          </button>
        ) : null}
        <button type="button" className="button-secondary" data-testid="history-duplicate" onClick={() => void duplicateRun(run.id)}>
          Duplicate
        </button>
        {confirming ? (
          <span className="confirm" role="group" aria-label="Confirm delete">
            <span>Delete this run and its results?</span>
            <button type="button" className="button-danger" data-testid="history-delete-confirm" onClick={() => void deleteRun(run.id)}>
              Delete
            </button>
            <button type="button" className="button-quiet" data-testid="history-delete-cancel" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="button-quiet" data-testid="history-delete" disabled={going} onClick={() => setConfirming(true)}>
            Delete…
          </button>
        )}
        </div>
      </td>
    </tr>
  );
}
