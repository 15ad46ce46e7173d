import { useId } from 'react';
import type { TaskStatus } from '../../../shared/domain/task.ts';
import { formatCount } from '../../components/format.ts';
import type { StatusFilter } from '../../store/ui-slice.ts';
import { usePacer } from '../../store/store-context.tsx';
import { TASK_STATUSES } from './task-statuses.ts';

/** Filter by status and search by topic; the table follows at once. */
export function TaskFilters({ shown }: { readonly shown: number }) {
  const filter = usePacer((s) => s.statusFilter);
  const search = usePacer((s) => s.search);
  const counts = usePacer((s) => s.counts);
  const total = usePacer((s) => s.order.length);
  const setStatusFilter = usePacer((s) => s.setStatusFilter);
  const setSearch = usePacer((s) => s.setSearch);
  const ids = { status: useId(), search: useId() };
  return (
    <div className="task-filters" role="search">
      <label htmlFor={ids.status}>Status</label>
      <select id={ids.status} data-testid="task-filter-status" value={filter} onChange={(event) => setStatusFilter(event.target.value as StatusFilter)}>
        <option value="all">All ({formatCount(total)})</option>
        {TASK_STATUSES.map((status: TaskStatus) => (
          <option key={status} value={status}>
            {status} ({formatCount(counts[status])})
          </option>
        ))}
      </select>
      <label htmlFor={ids.search} className="visually-hidden">
        Search topics
      </label>
      <input id={ids.search} type="search" placeholder="Search topics" data-testid="task-search" value={search} onChange={(event) => setSearch(event.target.value)} />
      <span className="muted" data-testid="task-shown-count">
        {shown === total ? `${formatCount(total)} tasks` : `${formatCount(shown)} of ${formatCount(total)}`}
      </span>
    </div>
  );
}
