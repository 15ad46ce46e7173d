import type { AttemptError } from '../../../shared/domain/errors.ts';
import type { TaskView } from '../../../shared/run-view/task-view.ts';
import { formatDuration } from '../../components/format.ts';
import { WAIT_REASON_LABELS, WAIT_SOURCE_LABELS } from '../../components/labels.ts';

/**
 * The words next to a status badge: what a waiting task waits for, and when and why a retrying
 * one goes again ("in 3.2 s · 429 · server retry-after").
 */
export function statusDetail(task: TaskView, now: number): string | undefined {
  const left = task.wait ? task.wait.until - now : 0;
  const countdown = left > 0 ? `in ${formatDuration(left)}` : 'now';
  switch (task.status) {
    case 'waiting':
      return task.wait && task.wait.reason !== 'retry' ? `for ${WAIT_REASON_LABELS[task.wait.reason]}${left > 0 ? ` · ${formatDuration(left)}` : ''}` : undefined;
    case 'retrying': {
      const source = task.wait?.source ? WAIT_SOURCE_LABELS[task.wait.source] : undefined;
      return [countdown, task.lastError ? errorLabel(task.lastError) : undefined, source].filter(Boolean).join(' · ');
    }
    case 'running':
      return task.attempts > 1 ? `attempt ${task.attempts}` : undefined;
    default:
      return undefined;
  }
}

/** A failure in a word or two: the HTTP status when there was one, else its kind. */
export function errorLabel(error: Pick<AttemptError, 'status' | 'kind'>): string {
  if (error.status !== undefined) return error.status >= 500 ? `${error.status} server error` : String(error.status);
  return error.kind.replace(/_/g, ' ');
}

/**
 * The error a task is in right now: the one that failed it, or the one its retry waits out. A task
 * that went on to a new attempt is past its last error (the timeline keeps every one).
 */
export function currentError(task: TaskView): string | undefined {
  return task.status === 'failed' || task.status === 'retrying' ? task.lastError?.message : undefined;
}
