import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../../shared/domain/task.ts';
import { costUsd, priceFor } from '../../../../shared/pricing.ts';
import { ACTIVITY_BUCKET_MS } from '../../../../shared/run-view/activity.ts';
import { newTaskView } from '../../../../shared/run-view/task-view.ts';
import type { RunStatsInput } from '../../../../renderer/features/run/run-stats.ts';
import { runStats } from '../../../../renderer/features/run/run-stats.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const USAGE = { promptTokens: 100, completionTokens: 900, totalTokens: 1_000 };

function input(patch: Partial<RunStatsInput> = {}): RunStatsInput {
  return {
    phase: 'running',
    now: T0 + 30_000,
    startedAt: T0,
    endedAt: null,
    total: 100,
    counts: { ...emptyCounts(), queued: 100 },
    tasks: [],
    activity: [],
    bucketMs: ACTIVITY_BUCKET_MS,
    limits: { rpm: null, tpm: null },
    model: 'gpt-4o-mini',
    ...patch,
  };
}

describe('runStats', () => {
  it('counts elapsed time from the latest start, to now while going and to the end once ended', () => {
    expect(runStats(input()).elapsedMs).toBe(30_000);
    expect(runStats(input({ phase: 'finished', endedAt: T0 + 12_000, now: T0 + 99_000 })).elapsedMs).toBe(12_000);
    expect(runStats(input({ startedAt: null })).elapsedMs).toBeNull();
  });

  it('bounds the ETA by the tighter limit: requests, or tokens at the tokens per request seen', () => {
    const counts = { ...emptyCounts(), done: 40, queued: 60 };
    const activity = [{ start: T0, requests: 40, tokens: 40_000, rateLimited: 0, serverErrors: 0 }];
    // 60 left: RPM 30 allows 30/min (2 min); TPM 60,000 at 1,000 tokens a request allows 60/min (1 min).
    expect(runStats(input({ counts, activity, limits: { rpm: 30, tpm: 60_000 } }))).toMatchObject({ etaMs: 120_000, etaBound: 'requests' });
    expect(runStats(input({ counts, activity, limits: { rpm: 600, tpm: 20_000 } }))).toMatchObject({ etaMs: 180_000, etaBound: 'tokens' });
    // No limit known and less than a minute seen: no honest figure yet.
    expect(runStats(input({ counts, activity }))).toMatchObject({ etaMs: null, etaBound: null });
  });

  it('uses the pace of the last minute once a minute has passed and the pace is slower than the limits', () => {
    const now = T0 + 5 * 60_000;
    const activity = [{ start: now - 30_000, requests: 10, tokens: 10_000, rateLimited: 0, serverErrors: 0 }];
    const stats = runStats(input({ now, activity, counts: { ...emptyCounts(), done: 80, queued: 20 }, limits: { rpm: 600, tpm: null } }));
    expect(stats).toMatchObject({ requestsPerMin: 10, rpmLimit: 600, etaMs: 120_000, etaBound: 'pace' });
  });

  it('prices what is done, projects the rest at the average so far, and counts retries and 429s', () => {
    const price = priceFor('gpt-4o-mini')!;
    const one = costUsd(price, USAGE.promptTokens, USAGE.completionTokens);
    const tasks = [
      { ...newTaskView('0', 0, 'a', 'done', 3), usage: USAGE },
      { ...newTaskView('1', 1, 'b', 'done', 1), usage: USAGE },
      newTaskView('2', 2, 'c', 'retrying', 2),
      newTaskView('3', 3, 'd', 'queued', 0),
    ];
    const activity = [
      { start: T0, requests: 4, tokens: 4_000, rateLimited: 2, serverErrors: 0 },
      { start: T0 + 5_000, requests: 2, tokens: 2_000, rateLimited: 1, serverErrors: 1 },
    ];
    const stats = runStats(input({ tasks, activity, total: 4, counts: { ...emptyCounts(), done: 2, retrying: 1, queued: 1 } }));
    expect(stats.costUsd).toBeCloseTo(2 * one);
    expect(stats.projectedUsd).toBeCloseTo(4 * one);
    expect(stats.retries).toBe(3);
    expect(stats.rateLimited).toBe(3);
    expect(runStats(input({ tasks, model: 'my-local-llama' }))).toMatchObject({ costUsd: null, projectedUsd: null });
  });

  it('says nothing is left once every task is finished', () => {
    expect(runStats(input({ phase: 'finished', endedAt: T0 + 1_000, total: 2, counts: { ...emptyCounts(), done: 1, failed: 1 } }))).toMatchObject({ etaMs: 0, etaBound: null });
  });
});
