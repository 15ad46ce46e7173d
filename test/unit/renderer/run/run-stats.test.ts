import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../../shared/domain/task.ts';
import { costUsd, priceFor } from '../../../../shared/pricing.ts';
import { ACTIVITY_BUCKET_MS } from '../../../../shared/run-view/activity.ts';
import { newTaskView } from '../../../../shared/run-view/task-view.ts';
import type { RunStatsInput } from '../../../../renderer/features/run/run-stats.ts';
import { runStats } from '../../../../renderer/features/run/run-stats.ts';
import { emptyTotals, totalsOf } from '../../../../renderer/store/task-totals.ts';

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
    totals: emptyTotals(),
    activity: [],
    bucketMs: ACTIVITY_BUCKET_MS,
    limits: { rpm: null, tpm: null },
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

  it('sums what the engine billed, projects the rest at the billed cost per finished task, and counts retries and 429s', () => {
    // A batch run: the engine billed each reply at half the list price; a stream that dropped was billed too.
    const list = costUsd(priceFor('gpt-4o-mini')!, USAGE.promptTokens, USAGE.completionTokens);
    const billed = costUsd(priceFor('gpt-4o-mini')!, USAGE.promptTokens, USAGE.completionTokens, 'batch');
    expect(billed).toBeCloseTo(list / 2, 12);
    const tasks = [
      { ...newTaskView('0', 0, 'a', 'done', 3), usage: USAGE, costUsd: billed },
      { ...newTaskView('1', 1, 'b', 'done', 1), usage: USAGE, costUsd: billed },
      { ...newTaskView('2', 2, 'c', 'failed', 2), costUsd: 0.000_01 },
      { ...newTaskView('3', 3, 'd', 'retrying', 2), costUsd: 0.000_02 },
      newTaskView('4', 4, 'e', 'queued', 0),
    ];
    const activity = [
      { start: T0, requests: 4, tokens: 4_000, rateLimited: 2, serverErrors: 0 },
      { start: T0 + 5_000, requests: 2, tokens: 2_000, rateLimited: 1, serverErrors: 1 },
    ];
    const counts = { ...emptyCounts(), done: 2, failed: 1, retrying: 1, queued: 1 };
    const stats = runStats(input({ totals: totalsOf(tasks), activity, total: 5, counts }));
    const spent = 2 * billed + 0.000_03;
    expect(stats.costUsd).toBeCloseTo(spent, 12);
    // Three finished tasks were billed 2 × billed + 0.00001 between them; two are left.
    expect(stats.projectedUsd).toBeCloseTo(spent + ((2 * billed + 0.000_01) / 3) * 2, 12);
    expect(stats.retries).toBe(4);
    expect(stats.rateLimited).toBe(3);
  });

  it('has no cost once a reply came without one (no price), and no projection before a task finished', () => {
    const unpriced = [{ ...newTaskView('0', 0, 'a', 'done', 1), usage: USAGE }, newTaskView('1', 1, 'b', 'queued')];
    expect(runStats(input({ totals: totalsOf(unpriced), total: 2, counts: { ...emptyCounts(), done: 1, queued: 1 } }))).toMatchObject({ costUsd: null, projectedUsd: null });
    const going = [{ ...newTaskView('0', 0, 'a', 'retrying', 1), costUsd: 0.01 }, newTaskView('1', 1, 'b', 'queued')];
    expect(runStats(input({ totals: totalsOf(going), total: 2, counts: { ...emptyCounts(), retrying: 1, queued: 1 } }))).toMatchObject({ costUsd: 0.01, projectedUsd: null });
  });

  it('says nothing is left once every task is finished', () => {
    expect(runStats(input({ phase: 'finished', endedAt: T0 + 1_000, total: 2, counts: { ...emptyCounts(), done: 1, failed: 1 } }))).toMatchObject({ etaMs: 0, etaBound: null });
  });
});
