import type { ActivityBucket } from '../../../shared/run-view/activity.ts';
import type { LimitsChange } from '../../store/live-run-data.ts';

/**
 * The run's activity buckets (`sourceMs` wide) as chart points: gaps filled with zeros so the time axis is even, and
 * merged into wider buckets on long runs so the chart keeps a readable number of bars. Rates are
 * per minute, the unit the limits are in.
 */
export interface ChartPoint {
  readonly start: number;
  readonly requestsPerMin: number;
  readonly tokensPerMin: number;
  readonly rateLimited: number;
  readonly serverErrors: number;
  /** The limits in force at the start of the point; null: not known yet. */
  readonly rpm: number | null;
  readonly tpm: number | null;
}

export interface ChartSeries {
  readonly bucketMs: number;
  readonly points: readonly ChartPoint[];
}

const MAX_POINTS = 120;

export function chartSeries(buckets: readonly ActivityBucket[], sourceMs: number, limits: readonly LimitsChange[], maxPoints = MAX_POINTS): ChartSeries {
  const first = buckets[0];
  const last = buckets.at(-1);
  if (!first || !last) return { bucketMs: sourceMs, points: [] };
  const span = (last.start - first.start) / sourceMs + 1;
  const merge = Math.max(1, Math.ceil(span / maxPoints));
  const bucketMs = sourceMs * merge;
  const count = Math.ceil(span / merge);
  const sums = Array.from({ length: count }, (_, i) => ({ start: first.start + i * bucketMs, requests: 0, tokens: 0, rateLimited: 0, serverErrors: 0 }));
  for (const bucket of buckets) {
    const sum = sums[Math.floor((bucket.start - first.start) / bucketMs)]!;
    sum.requests += bucket.requests;
    sum.tokens += bucket.tokens;
    sum.rateLimited += bucket.rateLimited;
    sum.serverErrors += bucket.serverErrors;
  }
  const perMinute = 60_000 / bucketMs;
  return {
    bucketMs,
    points: sums.map((sum) => {
      const inForce = limitsAt(limits, sum.start);
      return {
        start: sum.start,
        requestsPerMin: sum.requests * perMinute,
        tokensPerMin: sum.tokens * perMinute,
        rateLimited: sum.rateLimited,
        serverErrors: sum.serverErrors,
        rpm: inForce?.rpm ?? null,
        tpm: inForce?.tpm ?? null,
      };
    }),
  };
}

/** The last change at or before `at`; before the first known change, the first one. */
function limitsAt(changes: readonly LimitsChange[], at: number): LimitsChange | undefined {
  let found = changes[0];
  for (const change of changes) {
    if (change.at > at) break;
    found = change;
  }
  return found;
}
