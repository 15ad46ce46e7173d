import { useMemo } from 'react';
import { useNow } from '../../components/use-now.ts';
import { usePacer } from '../../store/store-context.tsx';
import type { RunStats } from './run-stats.ts';
import { runStats } from './run-stats.ts';

/** The open run's figures, ticking once a second while it goes. */
export function useRunStats(): RunStats {
  const phase = usePacer((s) => s.phase);
  const startedAt = usePacer((s) => s.startedAt);
  const endedAt = usePacer((s) => s.endedAt);
  const total = usePacer((s) => s.order.length);
  const counts = usePacer((s) => s.counts);
  const byId = usePacer((s) => s.byId);
  const activity = usePacer((s) => s.activity);
  const bucketMs = usePacer((s) => s.activityBucketMs);
  const limits = usePacer((s) => s.limits);
  const model = usePacer((s) => s.detail?.model ?? '');
  const now = useNow(phase === 'running' || phase === 'paused');
  return useMemo(
    () => runStats({ phase, now, startedAt, endedAt, total, counts, tasks: Object.values(byId), activity, bucketMs, limits, model }),
    [phase, now, startedAt, endedAt, total, counts, byId, activity, bucketMs, limits, model],
  );
}
