import type { RunStatus } from '../../shared/domain/run-records.ts';
import type { TaskStatus } from '../../shared/domain/task.ts';
import '../styles/badge.css';

/** A status as a coloured pill; `data-status` carries the raw code for tests and styling. */
export function StatusBadge({
  status,
  detail,
  label = status.replace('_', ' '),
  testId = 'status-badge',
}: {
  readonly status: TaskStatus | RunStatus;
  readonly detail?: string;
  /** The word shown, when the state is more precise than the status (a run still "pausing"). */
  readonly label?: string;
  readonly testId?: string;
}) {
  return (
    <span className={`badge badge-${status}`} data-testid={testId} data-status={status} data-label={label} title={detail ? `${label}: ${detail}` : undefined}>
      <span className="badge-label">{label}</span>
      {detail ? <span className="badge-detail">{detail}</span> : null}
    </span>
  );
}
