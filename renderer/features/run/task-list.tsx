import { TaskFilters } from './task-filters.tsx';
import { TaskTable } from './task-table.tsx';
import { useVisibleTaskIds } from './use-visible-task-ids.ts';

export function TaskList() {
  const ids = useVisibleTaskIds();
  return (
    <section className="task-list" aria-label="Tasks">
      <TaskFilters shown={ids.length} />
      <TaskTable ids={ids} />
    </section>
  );
}
