import type { TaskStatus } from '../../../shared/domain/task.ts';
import type { TaskView } from '../../../shared/run-view/task-view.ts';
import { usePacer } from '../../store/store-context.tsx';

/** Statuses a task can be sent again from ("retry now" also cuts a backoff short). */
const RETRYABLE: readonly TaskStatus[] = ['retrying', 'failed', 'cancelled', 'skipped', 'done', 'needs_review'];
const SKIPPABLE: readonly TaskStatus[] = ['queued', 'waiting', 'retrying', 'failed', 'cancelled'];

export function TaskActions({ runId, task, onEdit, canEdit }: { readonly runId: string; readonly task: TaskView; readonly onEdit: () => void; readonly canEdit: boolean }) {
  const call = usePacer((s) => s.call);
  const ref = { runId, taskId: task.id };
  return (
    <div className="task-actions" role="toolbar" aria-label="Task actions">
      <button type="button" className="button-secondary" data-testid="task-retry" disabled={!RETRYABLE.includes(task.status)} onClick={() => void call('task.retry', ref)}>
        {task.status === 'done' ? 'Run again' : 'Retry now'}
      </button>
      <button type="button" className="button-secondary" data-testid="task-skip" disabled={!SKIPPABLE.includes(task.status)} onClick={() => void call('task.skip', ref)}>
        Skip
      </button>
      <button type="button" className="button-secondary" data-testid="task-edit-prompt" disabled={!canEdit} onClick={onEdit}>
        Edit prompt and re-run
      </button>
    </div>
  );
}
