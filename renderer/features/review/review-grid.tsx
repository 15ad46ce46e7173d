import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { ReviewItem } from '../../../shared/domain/review.ts';
import { GATE_LABELS, failedGates } from '../../../shared/quality/gate-failures.ts';
import { visibleControls } from '../../../shared/text/visible-controls.ts';
import { StatusBadge } from '../../components/status-badge.tsx';

export const REVIEW_ROW_HEIGHT = 36;

export interface ReviewGridProps {
  readonly items: readonly ReviewItem[];
  readonly cursor: string | null;
  readonly selected: ReadonlySet<string>;
  onCursor(id: string): void;
  onToggle(id: string): void;
  onSelectAll(): void;
  onClearSelection(): void;
  /** The grid's own keys (a, r, u, g, e) act on the selection. */
  onKey(key: 'accept' | 'reject' | 'undecide' | 'regenerate' | 'edit'): void;
}

const KEYS: Readonly<Record<string, Parameters<ReviewGridProps['onKey']>[0]>> = { a: 'accept', r: 'reject', u: 'undecide', g: 'regenerate', e: 'edit' };

/**
 * The articles to review, virtualised like the task table. The keyboard drives it: ↑/↓ move,
 * Space selects, Ctrl/⌘+A selects every article shown, Esc unselects, A accepts, R rejects, U undoes a verdict,
 * G regenerates, E edits.
 */
export function ReviewGrid({ items, cursor, selected, onCursor, onToggle, onSelectAll, onClearSelection, onKey }: ReviewGridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => REVIEW_ROW_HEIGHT,
    getItemKey: (index) => items[index]?.id ?? index,
    overscan: 8,
  });
  const cursorIndex = cursor === null ? -1 : items.findIndex((item) => item.id === cursor);
  useEffect(() => {
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: 'auto' });
  }, [cursorIndex, virtualizer]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = Math.min(items.length - 1, Math.max(0, cursorIndex + (event.key === 'ArrowDown' ? 1 : -1)));
      const id = items[next]?.id;
      if (id !== undefined) onCursor(id);
    } else if (event.key === ' ' && cursor !== null) {
      event.preventDefault();
      onToggle(cursor);
    } else if (event.key === 'Escape' && selected.size > 0) {
      event.preventDefault();
      onClearSelection();
    } else if (event.key.toLowerCase() === 'a' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSelectAll();
    } else if (!event.ctrlKey && !event.metaKey && !event.altKey && KEYS[event.key.toLowerCase()]) {
      event.preventDefault();
      onKey(KEYS[event.key.toLowerCase()]!);
    }
  };

  return (
    <div className="review-grid" role="grid" aria-label="Articles to review" aria-multiselectable="true" aria-rowcount={items.length} data-testid="review-grid" data-count={items.length}>
      <div
        ref={scroller}
        role="rowgroup"
        className="review-grid-body"
        data-testid="review-grid-scroll"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={cursor === null ? undefined : `review-row-${cursor}`}
      >
        {items.length === 0 ? (
          <p className="muted review-empty" data-testid="review-empty">
            No article matches the filter.
          </p>
        ) : (
          <div className="review-grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((row) => {
              const item = items[row.index]!;
              const failed = failedGates(item.gates ?? []);
              return (
                <div
                  key={row.key}
                  id={`review-row-${item.id}`}
                  role="row"
                  aria-rowindex={row.index + 1}
                  aria-selected={selected.has(item.id)}
                  className={`review-row${item.id === cursor ? ' review-row-cursor' : ''}`}
                  style={{ transform: `translateY(${row.start}px)`, height: REVIEW_ROW_HEIGHT }}
                  data-testid="review-row"
                  data-task-id={item.id}
                  data-verdict={item.review ?? 'undecided'}
                  onClick={() => onCursor(item.id)}
                >
                  <span role="gridcell">
                    <input type="checkbox" aria-label={`Select ${item.topic}`} checked={selected.has(item.id)} onChange={() => onToggle(item.id)} onClick={(e) => e.stopPropagation()} tabIndex={-1} />
                  </span>
                  <span role="gridcell" className="col-num">
                    {item.index + 1}
                  </span>
                  <span role="gridcell" className="review-topic">
                    {visibleControls(item.topic)}
                  </span>
                  <span role="gridcell">
                    <StatusBadge status={item.status} />
                  </span>
                  <span role="gridcell" className={`review-verdict review-verdict-${item.review ?? 'undecided'}`}>
                    {item.review ?? '–'}
                    {item.edited ? ' · edited' : ''}
                  </span>
                  <span role="gridcell" className="review-failed muted">
                    {failed.map((result) => GATE_LABELS[result.gate]).join(', ')}
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
