import { useMemo } from 'react';
import { isGoing } from '../../../shared/run-view/run-time.ts';
import { useNow } from '../../components/use-now.ts';
import { usePacer } from '../../store/store-context.tsx';
import type { RunStats } from './run-stats.ts';
import { runStats } from './run-stats.ts';

/**
 * The open run's figures, ticking once a second while it goes. It reads the counts and totals the
 * store keeps, never the tasks: a streamed chunk of one of 10,000 tasks changes neither.
 */
export function useRunStats(): RunStats {
  const phase = usePacer((s) => s.phase);
  const startedAt = usePacer((s) => s.startedAt);
  const endedAt = usePacer((s) => s.endedAt);
  const total = usePacer((s) => s.order.length);
  const counts = usePacer((s) => s.counts);
  const totals = usePacer((s) => s.totals);
  const activity = usePacer((s) => s.activity);
  const bucketMs = usePacer((s) => s.activityBucketMs);
  const limits = usePacer((s) => s.limits);
  const now = useNow(isGoing(phase));
  return useMemo(
    () => runStats({ phase, now, startedAt, endedAt, total, counts, totals, activity, bucketMs, limits }),
    [phase, now, startedAt, endedAt, total, counts, totals, activity, bucketMs, limits],
  );
}
