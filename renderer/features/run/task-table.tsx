import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { usePacer } from '../../store/store-context.tsx';
import { ROW_HEIGHT, TaskRow } from './task-row.tsx';
import '../../styles/table.css';

/** Header text, and whether the column holds numbers (right-aligned like its cells). */
const COLUMNS = [
  ['#', true],
  ['Topic', false],
  ['Status', false],
  ['Attempts', true],
  ['Tokens', true],
  ['Latency', true],
  ['Error', false],
] as const;

/**
 * The tasks, virtualised: only the rows in view (plus a few) exist in the DOM, each a fixed
 * height, so 10,000 tasks updating live scroll as smoothly as ten.
 */
export function TaskTable({ ids }: { readonly ids: readonly string[] }) {
  const total = usePacer((s) => s.order.length);
  const selectedTaskId = usePacer((s) => s.selectedTaskId);
  const selectTask = usePacer((s) => s.selectTask);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => ids[index] ?? index,
    overscan: 8,
  });

  // Arrow keys move the selection, scrolling it into view.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const current = selectedTaskId === null ? -1 : ids.indexOf(selectedTaskId);
    const next = Math.min(ids.length - 1, Math.max(0, current + (event.key === 'ArrowDown' ? 1 : -1)));
    const id = ids[next];
    if (id === undefined) return;
    selectTask(id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <div className="task-table" role="grid" aria-label="Tasks" aria-rowcount={ids.length + 1} data-testid="task-table" data-visible-count={ids.length}>
      <div role="rowgroup" className="task-table-head">
        <div role="row" className="task-row task-row-head" aria-rowindex={1}>
          {COLUMNS.map(([name, numeric]) => (
            <span key={name} role="columnheader" className={numeric ? 'col-num' : undefined}>
              {name}
            </span>
          ))}
        </div>
      </div>
      <div ref={scroller} role="rowgroup" className="task-table-body" data-testid="task-table-scroll" tabIndex={0} onKeyDown={onKeyDown}>
        {ids.length === 0 ? (
          <p className="task-table-empty muted" data-testid="task-table-empty">
            {total === 0 ? 'No tasks.' : 'No task matches the filter.'}
          </p>
        ) : (
          <div className="task-table-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => (
              <TaskRow key={item.key} id={ids[item.index]!} top={item.start} rowIndex={item.index + 2} />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
