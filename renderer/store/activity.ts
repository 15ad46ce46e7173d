import type { Limits } from '../../shared/domain/rate-limit.ts';

/**
 * What the run chart draws, folded from live events as they arrive: requests sent, tokens
 * reserved (the estimate the limiter charges) and errors, per fixed time bucket, plus every
 * change of the limits in force. Buckets, not raw timestamps, so a day-long run stays small.
 */
export const ACTIVITY_BUCKET_MS = 5_000;

export interface ActivityBucket {
  /** Start of the bucket, ms since the epoch, a multiple of ACTIVITY_BUCKET_MS. */
  readonly start: number;
  readonly requests: number;
  readonly tokens: number;
  readonly rateLimited: number;
  readonly serverErrors: number;
}

export interface LimitsChange extends Limits {
  readonly at: number;
}

export type ActivityKind = 'request' | 'rateLimited' | 'serverError';

/**
 * Records one occurrence in `buckets`, which the caller copied for this batch: the touched
 * bucket is replaced, never mutated, so memoised chart parts see the change.
 */
export function recordActivity(buckets: ActivityBucket[], at: number, kind: ActivityKind, tokens = 0): void {
  const start = Math.floor(at / ACTIVITY_BUCKET_MS) * ACTIVITY_BUCKET_MS;
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
