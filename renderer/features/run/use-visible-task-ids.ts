import { useShallow } from 'zustand/react/shallow';
import { usePacer } from '../../store/store-context.tsx';

/**
 * The ids the table shows, in input order. Unfiltered it is the store's `order` itself, so live
 * task updates do not re-render the table at all; filtered, it re-renders only when the set of
 * matching ids changes.
 */
export function useVisibleTaskIds(): readonly string[] {
  const filter = usePacer((s) => s.statusFilter);
  const query = usePacer((s) => s.search).trim().toLowerCase();
  return usePacer(
    useShallow((s) => {
      if (filter === 'all' && query === '') return s.order;
      return s.order.filter((id) => {
        const task = s.byId[id];
        return task !== undefined && (filter === 'all' || task.status === filter) && (query === '' || task.topic.toLowerCase().includes(query));
      });
    }),
  );
}
