import { activityBucketMs, failureActivity, recordActivity } from '../../shared/run-view/activity.ts';
import type { ActivityBucket, RunActivity } from '../../shared/run-view/activity.ts';
import type { RunRepository } from '../store/run-repository.ts';

/**
 * A run's chart from its stored attempts, with the rule the renderer applies to live events
 * (shared/run-view/activity.ts): a request counts when it starts, a 429 or 5xx when it ends. So a
 * reloaded window, a second one, or a past run opened from History draws the whole run.
 */
export function storedActivity(store: Pick<RunRepository, 'attemptActivity'>, runId: string): RunActivity {
  const rows = [...store.attemptActivity(runId)];
  const first = rows[0];
  if (!first) return { bucketMs: activityBucketMs(0), buckets: [] };
  let last = first[0];
  for (const [startedAt, , endedAt] of rows) last = Math.max(last, startedAt, endedAt ?? startedAt);
  const bucketMs = activityBucketMs(last - first[0]);
  const buckets: ActivityBucket[] = [];
  for (const [startedAt, tokens, endedAt, kind, status] of rows) {
    recordActivity(buckets, startedAt, 'request', tokens, bucketMs);
    const failure = kind === null || endedAt === null ? null : failureActivity({ kind, status });
    if (failure !== null && endedAt !== null) recordActivity(buckets, endedAt, failure, 0, bucketMs);
  }
  return { bucketMs, buckets };
}
