import type { ErrorKind } from '../domain/errors.ts';

/**
 * A run's requests, tokens and errors per fixed time bucket: what its chart draws. Main folds a
 * run's stored attempts into buckets when the run is opened (so a reloaded window or a past run
 * has its whole chart), and the renderer adds live events to the same buckets with the same rule.
 * Buckets, not raw timestamps, so a day-long run stays small.
 */
export const ACTIVITY_BUCKET_MS = 5_000;
/** A longer run gets wider buckets (multiples of ACTIVITY_BUCKET_MS), so a snapshot stays small. */
export const MAX_ACTIVITY_BUCKETS = 720;

export interface ActivityBucket {
  /** Start of the bucket, ms since the epoch, a multiple of the bucket size. */
  readonly start: number;
  readonly requests: number;
  /** Tokens reserved at admission (the limiter's estimate), summed over the requests. */
  readonly tokens: number;
  readonly rateLimited: number;
  readonly serverErrors: number;
}

export interface RunActivity {
  readonly bucketMs: number;
  readonly buckets: readonly ActivityBucket[];
}

export type ActivityKind = 'request' | 'rateLimited' | 'serverError';

/** The bucket size that keeps `spanMs` within MAX_ACTIVITY_BUCKETS. */
export function activityBucketMs(spanMs: number): number {
  return ACTIVITY_BUCKET_MS * Math.max(1, Math.ceil(spanMs / ACTIVITY_BUCKET_MS / MAX_ACTIVITY_BUCKETS));
}

/** What a failed attempt adds to the chart: a 429 (or an overload the engine treats as one), a 5xx, or nothing. */
export function failureActivity(error: { readonly status?: number | null; readonly kind: ErrorKind }): ActivityKind | null {
  if (error.status === 429 || error.kind === 'rate_limited') return 'rateLimited';
  if (error.status !== undefined && error.status !== null && error.status >= 500) return 'serverError';
  return null;
}

/**
 * Records one occurrence in `buckets`, which the caller copied for this batch: the touched
 * bucket is replaced, never mutated, so memoised chart parts see the change.
 */
export function recordActivity(buckets: ActivityBucket[], at: number, kind: ActivityKind, tokens = 0, bucketMs = ACTIVITY_BUCKET_MS): void {
  const start = Math.floor(at / bucketMs) * bucketMs;
  let index = buckets.length - 1;
  // Events arrive in time order, so the bucket is nearly always the last one.
  while (index >= 0 && buckets[index]!.start > start) index--;
  const existing = index >= 0 && buckets[index]!.start === start ? buckets[index]! : undefined;
  const bucket = existing ?? { start, requests: 0, tokens: 0, rateLimited: 0, serverErrors: 0 };
  const next: ActivityBucket = {
    ...bucket,
    requests: bucket.requests + (kind === 'request' ? 1 : 0),
    tokens: bucket.tokens + tokens,
    rateLimited: bucket.rateLimited + (kind === 'rateLimited' ? 1 : 0),
    serverErrors: bucket.serverErrors + (kind === 'serverError' ? 1 : 0),
  };
  if (existing) buckets[index] = next;
  else buckets.splice(index + 1, 0, next);
}
