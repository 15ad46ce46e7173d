import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { spentBeforeUsd } from '../../../electron/engine/budget/spent-before.ts';
import { MIGRATIONS, migrate } from '../../../electron/store/migrations.ts';
import type { AttemptError } from '../../../shared/domain/errors.ts';
import { costUsd, priceFor } from '../../../shared/pricing.ts';
import { eventEmitter, makeTasks, SETTINGS, useStoreFixture } from './store-fixtures.ts';

/** What a run spent, as the store keeps it for a budget: every attempt's bill, and what a crash left unknown. */
const fixture = useStoreFixture();
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);
const USAGE = { promptTokens: 40, completionTokens: 860, totalTokens: 900 };
const DROPPED: AttemptError = { kind: 'network', decision: 'retry', message: 'The connection closed before the reply was complete.' };

describe('the spend of a run in the store', () => {
  it('sums every attempt’s bill: replies, a stream billed before it dropped, and a done task sent again', () => {
    const dir = fixture.tempDir();
    const store = fixture.open(dir, { now: () => T0 });
    store.createRun({ id: 'run-1', settings: SETTINGS, tasks: makeTasks(2) });
    const emit = eventEmitter(store, 'run-1');
    emit({ type: 'run.started', total: 2, settings: SETTINGS }, T0);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 1_100 }, T0);
    emit({ type: 'attempt.failed', taskId: 't1', attempt: 1, error: DROPPED, latencyMs: 50, costUsd: 0.000_1 }, T0);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 2, estimatedTokens: 1_100 }, T0);
    emit({ type: 'task.done', taskId: 't1', attempt: 2, text: '# One', usage: USAGE, costUsd: 0.000_5, latencyMs: 80 }, T0);
    emit({ type: 'attempt.started', taskId: 't2', attempt: 1, estimatedTokens: 1_100 }, T0);
    emit({ type: 'attempt.failed', taskId: 't2', attempt: 1, error: { ...DROPPED, kind: 'server_error', status: 500, message: 'The server had an error.' }, latencyMs: 10 }, T0);
    expect(store.spentUsd('run-1')).toBeCloseTo(0.000_6, 12);
    // An edited prompt sends a done task again: its earlier reply stays paid for.
    emit({ type: 'task.queued', taskId: 't1' }, T0);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 3, estimatedTokens: 1_100 }, T0);
    emit({ type: 'task.done', taskId: 't1', attempt: 3, text: '# One again', usage: USAGE, costUsd: 0.000_5, latencyMs: 80 }, T0);
    expect(store.spentUsd('run-1')).toBeCloseTo(0.001_1, 12);
    expect(store.interruptedAttemptTokens('run-1')).toEqual([]);
    // Each task's share, as its view in the run header carries it; t2's failure was billed nothing.
    const byTask = store.billedUsdByTask('run-1');
    expect([...byTask.keys()]).toEqual(['t1']);
    expect(byTask.get('t1')).toBeCloseTo(0.001_1, 12);
  });

  it('after a crash, counts each attempt that was in flight at its worst case', () => {
    const dir = fixture.tempDir();
    const store = fixture.open(dir, { now: () => T0 });
    store.createRun({ id: 'run-1', settings: SETTINGS, tasks: makeTasks(2) });
    const emit = eventEmitter(store, 'run-1');
    emit({ type: 'run.started', total: 2, settings: SETTINGS }, T0);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 1_100 }, T0);
    emit({ type: 'task.done', taskId: 't1', attempt: 1, text: '# One', usage: USAGE, costUsd: 0.000_5, latencyMs: 80 }, T0);
    emit({ type: 'attempt.started', taskId: 't2', attempt: 1, estimatedTokens: 1_300 }, T0);
    store.close();

    const reopened = fixture.open(dir, { now: () => T0 + 60_000 });
    expect(reopened.interruptedAttemptTokens('run-1')).toEqual([1_300]);
    const price = priceFor('gpt-4o-mini')!;
    const spent = spentBeforeUsd(reopened.spentUsd('run-1'), reopened.interruptedAttemptTokens('run-1'), price, 1_024);
    expect(spent).toBeCloseTo(0.000_5 + costUsd(price, 1_300 - 1_024, 1_024), 12);
    expect(spentBeforeUsd(0.000_5, [1_300], undefined, 1_024), 'no price, no worst case to count').toBe(0.000_5);
  });

  it('migration 3 gives the attempts of runs stored before it the cost of their done task', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, MIGRATIONS.slice(0, 2));
      db.prepare(`INSERT INTO runs (id, created_at, updated_at, status, settings_json, total) VALUES ('r', 0, 0, 'completed', '{}', 1)`).run();
      db.prepare(
        `INSERT INTO tasks (run_id, id, idx, topic, vars_json, prompt, status, attempts, result_text, cost_usd, updated_at) VALUES ('r', 't', 0, 'T', '{}', 'p', 'done', 2, '# T', 0.25, 0)`,
      ).run();
      const attempt = db.prepare(`INSERT INTO attempts (run_id, task_id, n, started_at, status, estimated_tokens) VALUES ('r', 't', ?, 0, ?, 10)`);
      attempt.run(1, 'failed');
      attempt.run(2, 'ok');
      migrate(db);
      expect(db.prepare('SELECT n, cost_usd FROM attempts ORDER BY n').all()).toEqual([
        { n: 1, cost_usd: null },
        { n: 2, cost_usd: 0.25 },
      ]);
    } finally {
      db.close();
    }
  });
});
