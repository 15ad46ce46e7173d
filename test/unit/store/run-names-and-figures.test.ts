import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { storedActivity } from '../../../electron/app/stored-activity.ts';
import { MIGRATIONS, migrate } from '../../../electron/store/migrations.ts';
import type { RunStore } from '../../../electron/store/open-database.ts';
import { StoreError } from '../../../electron/store/store-error.ts';
import type { RunSummary } from '../../../electron/store/types.ts';
import type { AttemptError } from '../../../shared/domain/errors.ts';
import { ACTIVITY_BUCKET_MS, MAX_ACTIVITY_BUCKETS } from '../../../shared/run-view/activity.ts';
import { eventEmitter, makeTasks, SETTINGS, useStoreFixture } from './store-fixtures.ts';

const fixture = useStoreFixture();
const USAGE = { promptTokens: 10, completionTokens: 90, totalTokens: 100 };
const RATE_LIMITED: AttemptError = { kind: 'rate_limited', decision: 'retry', message: 'Rate limit reached for requests', status: 429 };
const SERVER_ERROR: AttemptError = { kind: 'server_error', decision: 'retry', message: 'The server had an error', status: 500 };
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

describe('run names', () => {
  it('default to the first topic, can be given at creation, and be renamed; a blank name is refused', () => {
    const store = fixture.open(fixture.tempDir());
    store.createRun({ id: 'a', settings: SETTINGS, tasks: makeTasks(2) });
    store.createRun({ id: 'b', name: 'keywords.csv', settings: SETTINGS, tasks: makeTasks(2) });
    expect(store.getRun('a')?.name).toBe('Topic 1');
    expect(store.getRun('b')?.name).toBe('keywords.csv');

    store.renameRun('a', '  Spring campaign  ');
    expect(store.listRuns().find((run) => run.id === 'a')?.name).toBe('Spring campaign');
    expect(() => store.renameRun('a', '   ')).toThrow(StoreError);
    expect(() => store.renameRun('missing', 'x')).toThrow(/does not exist/);
  });

  it('are given to runs stored before names existed: their first topic, and their first request as their start', () => {
    const dir = fixture.tempDir();
    const db = new Database(`${dir}/old.db`);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.exec(`
      INSERT INTO runs (id, created_at, updated_at, status, settings_json, total) VALUES ('old', 1, 1, 'completed', '{}', 2);
      INSERT INTO tasks (run_id, id, idx, topic, vars_json, prompt, updated_at) VALUES ('old', 't2', 1, 'Second', '{}', 'p', 1), ('old', 't1', 0, 'First topic', '{}', 'p', 1);
      INSERT INTO attempts (run_id, task_id, n, started_at, status, estimated_tokens) VALUES ('old', 't1', 1, 5000, 'ok', 10), ('old', 't2', 1, 7000, 'ok', 10);
    `);
    migrate(db);
    expect(db.prepare('SELECT name, started_at FROM runs').get()).toEqual({ name: 'First topic', started_at: 5_000 });
    db.close();
  });
});

/** The one run's summary from the run list, checked against the same figures read for that run alone. */
function onlyRun(store: RunStore): RunSummary {
  const [listed, ...others] = store.listRuns();
  expect(others).toEqual([]);
  expect(store.getRun(listed!.id)).toMatchObject(listed!);
  return listed!;
}

describe('run summaries', () => {
  it('carry the latest start, when it ended, the cost of the replies and every 429', () => {
    const store = fixture.open(fixture.tempDir());
    store.createRun({ id: 'r', settings: SETTINGS, tasks: makeTasks(3) });
    const emit = eventEmitter(store, 'r');
    emit({ type: 'run.started', total: 3, settings: SETTINGS }, T0);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 100 }, T0 + 1_000);
    emit({ type: 'attempt.failed', taskId: 't1', attempt: 1, error: RATE_LIMITED, latencyMs: 50 }, T0 + 1_050);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 2, estimatedTokens: 100 }, T0 + 3_000);
    emit({ type: 'task.done', taskId: 't1', attempt: 2, text: 'One', usage: USAGE, costUsd: 0.25, latencyMs: 50 }, T0 + 3_500);
    emit({ type: 'attempt.started', taskId: 't2', attempt: 1, estimatedTokens: 100 }, T0 + 4_000);
    emit({ type: 'attempt.failed', taskId: 't2', attempt: 1, error: RATE_LIMITED, latencyMs: 50 }, T0 + 4_100);
    emit({ type: 'attempt.started', taskId: 't2', attempt: 2, estimatedTokens: 100 }, T0 + 6_000);
    emit({ type: 'task.done', taskId: 't2', attempt: 2, text: 'Two', usage: USAGE, costUsd: 0.5, latencyMs: 50 }, T0 + 6_500);
    const going = onlyRun(store)!;
    expect(going).toMatchObject({ startedAt: T0, endedAt: null, costUsd: 0.75, rateLimited: 2 });

    emit({ type: 'task.cancelled', taskId: 't3', reason: 'Cancelled by the user.' }, T0 + 7_000);
    emit({ type: 'run.finished', outcome: 'cancelled', counts: { ...going.counts } }, T0 + 7_000);
    expect(onlyRun(store)).toMatchObject({ startedAt: T0, endedAt: T0 + 7_000, costUsd: 0.75, rateLimited: 2 });

    // A resume starts the clock again; the previous finish no longer ends it.
    emit({ type: 'run.started', total: 3, settings: SETTINGS }, T0 + 60_000);
    expect(onlyRun(store)).toMatchObject({ startedAt: T0 + 60_000, endedAt: null });
  });

  it('end an interrupted run at its last request', () => {
    const dir = fixture.tempDir();
    const store = fixture.open(dir);
    store.createRun({ id: 'r', settings: SETTINGS, tasks: makeTasks(2) });
    const emit = eventEmitter(store, 'r');
    emit({ type: 'run.started', total: 2, settings: SETTINGS }, T0);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 100 }, T0 + 1_000);
    emit({ type: 'task.done', taskId: 't1', attempt: 1, text: 'One', usage: USAGE, latencyMs: 50 }, T0 + 9_000);
    store.close();
    const reopened = fixture.open(dir);
    expect(onlyRun(reopened)).toMatchObject({ status: 'interrupted', startedAt: T0, endedAt: T0 + 9_000, costUsd: null, rateLimited: 0 });
  });
});

describe('storedActivity', () => {
  it('counts each request when it started and each 429 or 5xx when it ended, in the buckets the live chart uses', () => {
    const store = fixture.open(fixture.tempDir());
    store.createRun({ id: 'r', settings: SETTINGS, tasks: makeTasks(2) });
    const emit = eventEmitter(store, 'r');
    emit({ type: 'run.started', total: 2, settings: SETTINGS }, T0);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 100 }, T0 + 1_000);
    emit({ type: 'attempt.failed', taskId: 't1', attempt: 1, error: RATE_LIMITED, latencyMs: 50 }, T0 + 6_000);
    emit({ type: 'attempt.started', taskId: 't2', attempt: 1, estimatedTokens: 300 }, T0 + 2_000);
    emit({ type: 'attempt.failed', taskId: 't2', attempt: 1, error: SERVER_ERROR, latencyMs: 50 }, T0 + 12_000);

    expect(storedActivity(store, 'r')).toEqual({
      bucketMs: ACTIVITY_BUCKET_MS,
      buckets: [
        { start: T0, requests: 2, tokens: 400, rateLimited: 0, serverErrors: 0 },
        { start: T0 + 5_000, requests: 0, tokens: 0, rateLimited: 1, serverErrors: 0 },
        { start: T0 + 10_000, requests: 0, tokens: 0, rateLimited: 0, serverErrors: 1 },
      ],
    });
    expect(storedActivity(store, 'missing')).toEqual({ bucketMs: ACTIVITY_BUCKET_MS, buckets: [] });
  });

  it('widens the buckets of a long run so it keeps at most MAX_ACTIVITY_BUCKETS', () => {
    const store = fixture.open(fixture.tempDir());
    store.createRun({ id: 'r', settings: SETTINGS, tasks: makeTasks(2) });
    const emit = eventEmitter(store, 'r');
    emit({ type: 'run.started', total: 2, settings: SETTINGS }, T0);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 100 }, T0);
    emit({ type: 'task.done', taskId: 't1', attempt: 1, text: 'One', usage: USAGE, latencyMs: 50 }, T0 + 100);
    const day = 24 * 3_600_000;
    emit({ type: 'attempt.started', taskId: 't2', attempt: 1, estimatedTokens: 100 }, T0 + day);
    const { bucketMs, buckets } = storedActivity(store, 'r');
    expect(bucketMs % ACTIVITY_BUCKET_MS).toBe(0);
    expect(day / bucketMs).toBeLessThanOrEqual(MAX_ACTIVITY_BUCKETS);
    expect(buckets.map((bucket) => bucket.requests)).toEqual([1, 1]);
  });
});
