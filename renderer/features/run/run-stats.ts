import type { Limits } from '../../../shared/domain/rate-limit.ts';
import type { StatusCounts } from '../../../shared/domain/task.ts';
import { finishedCount } from '../../../shared/domain/task.ts';
import type { ActivityBucket } from '../../../shared/run-view/activity.ts';
import type { RunPhase } from '../../../shared/run-view/run-view.ts';
import { elapsedMs, isGoing } from '../../../shared/run-view/run-time.ts';
import type { TaskTotals } from '../../store/task-totals.ts';

/**
 * What the run header says about time and money, from what the window already holds: the task
 * counts and totals, the chart's buckets and the limits in force. Money is what the engine billed
 * (at the user's prices, a batch run at the batch price), never a price worked out here. Pure, so
 * every figure is tested on its own.
 */
export interface RunStatsInput {
  readonly phase: RunPhase;
  readonly now: number;
  /** The latest start; null for a run never started. */
  readonly startedAt: number | null;
  /** When that start ended; null while going. */
  readonly endedAt: number | null;
  readonly total: number;
  readonly counts: StatusCounts;
  readonly totals: TaskTotals;
  readonly activity: readonly ActivityBucket[];
  readonly bucketMs: number;
  readonly limits: Limits;
}

export type EtaBound = 'requests' | 'tokens' | 'pace';

export interface RunStats {
  readonly elapsedMs: number | null;
  /** Time left at the rate the limits allow (or the pace so far, without limits); null: not known yet. */
  readonly etaMs: number | null;
  readonly etaBound: EtaBound | null;
  /** What the engine billed so far; null: it has no price for the model (a reply came without a cost). */
  readonly costUsd: number | null;
  /** The cost so far, plus each task left at what a finished task was billed on average; null until a task finished (or no price). */
  readonly projectedUsd: number | null;
  /** Requests sent in the last minute (while going), else per minute over the run. */
  readonly requestsPerMin: number;
  readonly rpmLimit: number | null;
  readonly rateLimited: number;
  /** Attempts beyond the first, over every task. */
  readonly retries: number;
}

const MINUTE = 60_000;

export function runStats(input: RunStatsInput): RunStats {
  const { counts, total, totals, activity, limits } = input;
  const going = isGoing(input.phase);
  const elapsed = elapsedMs(input, going, input.now);

  let requests = 0;
  let tokens = 0;
  let rateLimited = 0;
  let recent = 0;
  for (const bucket of activity) {
    requests += bucket.requests;
    tokens += bucket.tokens;
    rateLimited += bucket.rateLimited;
    if (bucket.start + input.bucketMs > input.now - MINUTE) recent += bucket.requests;
  }
  const minutes = elapsed === null ? 0 : elapsed / MINUTE;
  const requestsPerMin = going ? recent : minutes > 0 ? requests / minutes : 0;

  const finished = finishedCount(counts);
  const left = total - finished;
  const costUsd = totals.unpriced > 0 ? null : totals.billedUsd;
  const projectedUsd = costUsd === null || finished === 0 ? null : costUsd + (totals.finishedBilledUsd / finished) * left;

  const eta = etaOf(left, limits, requests > 0 ? tokens / requests : null, going && minutes >= 1 ? requestsPerMin : null);
  return {
    elapsedMs: elapsed,
    etaMs: left === 0 ? 0 : eta.ms,
    etaBound: left === 0 ? null : eta.bound,
    costUsd,
    projectedUsd,
    requestsPerMin,
    rpmLimit: limits.rpm,
    rateLimited,
    retries: totals.retries,
  };
}

/**
 * The limits allow at most rpm requests, and tpm / (tokens per request) requests, a minute; the
 * tighter one bounds the run. Once a minute of the run has been seen, a slower pace (latency, a
 * small pool) bounds it instead. Retries are not foreseen: the ETA is a floor, like the estimate's.
 */
function etaOf(left: number, limits: Limits, tokensPerRequest: number | null, pace: number | null): { ms: number | null; bound: EtaBound | null } {
  const byLimit: { rate: number; bound: EtaBound }[] = [];
  if (limits.rpm !== null) byLimit.push({ rate: limits.rpm, bound: 'requests' });
  if (limits.tpm !== null && tokensPerRequest !== null && tokensPerRequest > 0) byLimit.push({ rate: limits.tpm / tokensPerRequest, bound: 'tokens' });
  if (pace !== null && pace > 0) byLimit.push({ rate: pace, bound: 'pace' });
  const tightest = byLimit.reduce<{ rate: number; bound: EtaBound } | null>((best, next) => (best === null || next.rate < best.rate ? next : best), null);
  return tightest === null ? { ms: null, bound: null } : { ms: (left / tightest.rate) * MINUTE, bound: tightest.bound };
}
