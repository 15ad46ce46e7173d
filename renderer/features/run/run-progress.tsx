import { formatCount } from '../../components/format.ts';
import { finishedCount } from '../../../shared/domain/task.ts';
import { finishedPercent } from '../../components/progress.ts';
import { usePacer } from '../../store/store-context.tsx';
import { TASK_STATUSES } from './task-statuses.ts';

/** Per-status counts (each one a filter for the table) and the progress bar of the finished ones. */
export function RunProgress() {
  const counts = usePacer((s) => s.counts);
  const total = usePacer((s) => s.order.length);
  const filter = usePacer((s) => s.statusFilter);
  const setStatusFilter = usePacer((s) => s.setStatusFilter);
  const finished = finishedCount(counts);
  const share = (count: number) => `${total === 0 ? 0 : (count / total) * 100}%`;

  return (
    <section className="run-progress" aria-label="Progress">
      <ul className="status-counts">
        {TASK_STATUSES.map((status) => (
          <li key={status}>
            <button
              type="button"
              className={`status-count status-count-${status}`}
              data-testid="status-count"
              data-status={status}
              data-count={counts[status]}
              aria-pressed={filter === status}
              onClick={() => setStatusFilter(filter === status ? 'all' : status)}
            >
              <span className="status-count-value">{formatCount(counts[status])}</span>
              <span className="status-count-label">{status.replace('_', ' ')}</span>
            </button>
          </li>
        ))}
      </ul>
      <div
        className="progress"
        role="progressbar"
        aria-label="Finished tasks"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={finished}
        aria-valuetext={`${formatCount(finished)} of ${formatCount(total)} finished`}
        data-testid="run-progress"
      >
        <span className="progress-done" style={{ width: share(counts.done) }} />
        <span className="progress-failed" style={{ width: share(counts.failed) }} />
        <span className="progress-skipped" style={{ width: share(counts.skipped) }} />
      </div>
      <p className="progress-text muted" data-testid="run-progress-text">
        {formatCount(finished)} / {formatCount(total)} finished · {finishedPercent(counts, total)}%
      </p>
    </section>
  );
}
