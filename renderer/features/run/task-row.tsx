import { memo } from 'react';
import { visibleControls } from '../../../shared/text/visible-controls.ts';
import { formatDuration, formatTokens } from '../../components/format.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useNow } from '../../components/use-now.ts';
import { usePacer } from '../../store/store-context.tsx';
import { currentError, statusDetail } from './status-detail.ts';

export const ROW_HEIGHT = 36;

/**
 * One task row. Memoised and subscribed to its own TaskView by id: a batch that changes other
 * tasks leaves this row's selector value identical, so it does not re-render.
 */
export const TaskRow = memo(function TaskRow({ id, top, rowIndex }: { readonly id: string; readonly top: number; readonly rowIndex: number }) {
  const task = usePacer((s) => s.byId[id]);
  const selected = usePacer((s) => s.selectedTaskId === id);
  const selectTask = usePacer((s) => s.selectTask);
  const now = useNow(task?.status === 'waiting' || task?.status === 'retrying');
  if (!task) return null;
  // Topics and server messages are foreign text: control characters show as ␛, \u202e… instead of acting unseen.
  const topic = visibleControls(task.topic);
  const current = currentError(task);
  const error = current === undefined ? undefined : visibleControls(current);
  return (
    <div
      role="row"
      className={`task-row${selected ? ' is-selected' : ''}`}
      aria-rowindex={rowIndex}
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      data-testid="task-row"
      data-task-id={id}
      data-status={task.status}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => selectTask(id)}
    >
      <span role="gridcell" className="col-index">
        {task.index + 1}
      </span>
      <span role="gridcell" className="col-topic" title={topic}>
        {topic}
      </span>
      <span role="gridcell" className="col-status">
        <StatusBadge status={task.status} detail={statusDetail(task, now)} />
      </span>
      <span role="gridcell" className="col-num" data-testid="task-attempts">
        {task.attempts}
      </span>
      <span role="gridcell" className="col-num" data-testid="task-tokens">
        {formatTokens(task.completionTokens)}
      </span>
      <span role="gridcell" className="col-num">
        {task.latencyMs === undefined ? '–' : formatDuration(task.latencyMs)}
      </span>
      <span role="gridcell" className="col-error" data-testid="task-error" title={error}>
        {error ?? ''}
      </span>
    </div>
  );
});
