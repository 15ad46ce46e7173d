import type { Limits } from '../../../shared/domain/rate-limit.ts';
import type { StatusCounts } from '../../../shared/domain/task.ts';
import { finishedCount } from '../../../shared/domain/task.ts';
import { costUsd, priceFor } from '../../../shared/pricing.ts';
import type { ActivityBucket } from '../../../shared/run-view/activity.ts';
import type { RunPhase } from '../../../shared/run-view/run-view.ts';
import type { TaskView } from '../../../shared/run-view/task-view.ts';

/**
 * What the run header says about time and money, from what the window already holds: the tasks,
 * the chart's buckets and the limits in force. Pure, so every figure is tested on its own.
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
  readonly tasks: Iterable<TaskView>;
  readonly activity: readonly ActivityBucket[];
  readonly bucketMs: number;
  readonly limits: Limits;
  readonly model: string;
}

export type EtaBound = 'requests' | 'tokens' | 'pace';

export interface RunStats {
  readonly elapsedMs: number | null;
  /** Time left at the rate the limits allow (or the pace so far, without limits); null: not known yet. */
  readonly etaMs: number | null;
  readonly etaBound: EtaBound | null;
  /** null: the model's price is unknown. */
  readonly costUsd: number | null;
  /** What the whole run will cost at the average so far; null until a task is done (or no price). */
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
  const { counts, total, activity, limits } = input;
  const going = input.phase === 'running' || input.phase === 'paused';
  const end = going || input.endedAt === null ? input.now : input.endedAt;
  const elapsedMs = input.startedAt === null ? null : Math.max(0, end - input.startedAt);

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
  const minutes = elapsedMs === null ? 0 : elapsedMs / MINUTE;
  const requestsPerMin = going ? recent : minutes > 0 ? requests / minutes : 0;

  const price = priceFor(input.model);
  let spent = 0;
  let retries = 0;
  for (const task of input.tasks) {
    retries += Math.max(0, task.attempts - 1);
    if (price && task.usage) spent += costUsd(price, task.usage.promptTokens, task.usage.completionTokens);
  }
  const left = total - finishedCount(counts);
  const projectedUsd = price && counts.done > 0 ? spent + (spent / counts.done) * left : null;

  const eta = etaOf(left, limits, requests > 0 ? tokens / requests : null, going && minutes >= 1 ? requestsPerMin : null);
  return {
    elapsedMs,
    etaMs: left === 0 ? 0 : eta.ms,
    etaBound: left === 0 ? null : eta.bound,
    costUsd: price ? spent : null,
    projectedUsd,
    requestsPerMin,
    rpmLimit: limits.rpm,
    rateLimited,
    retries,
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
