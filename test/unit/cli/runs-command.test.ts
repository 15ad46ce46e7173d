import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main.ts';
import { runsCommand } from '../../../electron/cli/runs-command.ts';
import { DATABASE_FILE_NAME } from '../../../electron/store/open-database.ts';
import { emptyCounts } from '../../../shared/domain/task.ts';
import { eventEmitter, makeTasks, SETTINGS, steppingClock, useStoreFixture } from '../store/store-fixtures.ts';
import { exitCodeOf, fakeIo } from './cli-fixture.ts';

const fixture = useStoreFixture();
const USAGE = { promptTokens: 10, completionTokens: 90, totalTokens: 100 };

/** Two runs: an older one that completed (2 done, 1 failed) and a newer draft never started. */
function storeTwoRuns(dataDir: string): void {
  const store = fixture.open(dataDir, { now: steppingClock() });
  store.createRun({ id: '3f2a9c1e-0b7d-4c55-9a61-2d4f8e0c1a11', settings: SETTINGS, tasks: makeTasks(3), outDir: '/home/ann/articles' });
  const emit = eventEmitter(store, '3f2a9c1e-0b7d-4c55-9a61-2d4f8e0c1a11');
  emit({ type: 'run.started', total: 3, settings: SETTINGS }, 1_000);
  for (const taskId of ['t1', 't2', 't3']) {
    emit({ type: 'task.waiting', taskId, reason: 'requests', waitMs: 0 }, 2_000);
    emit({ type: 'attempt.started', taskId, attempt: 1, estimatedTokens: 100 }, 2_000);
  }
  emit({ type: 'task.done', taskId: 't1', attempt: 1, text: 'One.', usage: USAGE, latencyMs: 5 }, 3_000);
  emit({ type: 'task.done', taskId: 't2', attempt: 1, text: 'Two.', usage: USAGE, latencyMs: 5 }, 3_000);
  const error = { kind: 'bad_request', decision: 'fail_task', message: 'Bad request', status: 400 } as const;
  emit({ type: 'attempt.failed', taskId: 't3', attempt: 1, error, latencyMs: 5 }, 3_000);
  emit({ type: 'task.failed', taskId: 't3', error }, 3_000);
  emit({ type: 'run.finished', outcome: 'completed', counts: { ...emptyCounts(), done: 2, failed: 1 } }, 4_000);
  store.createRun({ id: 'b81c04d2-9f3e-4a17-b6d5-0c8e2a7f9d33', settings: { ...SETTINGS, model: 'gpt-4o-mini' }, tasks: makeTasks(2) });
  store.close();
}

describe('pacer runs', () => {
  it('says there are no runs yet, without creating a store', async () => {
    const dataDir = join(fixture.tempDir(), 'data');
    const { io, stdout } = fakeIo();
    expect(await exitCodeOf((cli) => runsCommand(['--data', dataDir], cli), io)).toBe(0);
    expect(stdout()).toBe(`No runs yet in ${dataDir}.\n`);
    expect(existsSync(join(dataDir, DATABASE_FILE_NAME))).toBe(false);
  });

  it('finds the store through $PACER_DATA_DIR when --data is not given', async () => {
    const dataDir = fixture.tempDir();
    fixture.open(dataDir).close();
    const { io, stdout } = fakeIo({ PACER_DATA_DIR: dataDir });
    expect(await exitCodeOf((cli) => runsCommand([], cli), io)).toBe(0);
    expect(stdout()).toBe(`No runs yet in ${dataDir}.\n`);
  });

  it('lists runs newest first with short ids, status, model, task counts and folder', async () => {
    const dataDir = fixture.tempDir();
    storeTwoRuns(dataDir);
    const { io, stdout } = fakeIo();
    expect(await exitCodeOf((cli) => runsCommand(['--data', dataDir], cli), io)).toBe(0);
    // Times are local; everything else is exact.
    expect(stdout().replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, 'YYYY-MM-DD hh:mm')).toBe(
      [
        'ID        CREATED           STATUS     MODEL        TASKS               OUT',
        'b81c04d2  YYYY-MM-DD hh:mm  created    gpt-4o-mini  0/2 done, 2 queued  -',
        '3f2a9c1e  YYYY-MM-DD hh:mm  completed  gpt-test     2/3 done, 1 failed  /home/ann/articles',
        '',
      ].join('\n'),
    );
  });

  it('prints RunSummary objects as a JSON array with --json', async () => {
    const dataDir = fixture.tempDir();
    storeTwoRuns(dataDir);
    const { io, stdout } = fakeIo();
    expect(await exitCodeOf((cli) => runsCommand(['--json', '--data', dataDir], cli), io)).toBe(0);
    const runs = JSON.parse(stdout()) as Record<string, unknown>[];
    expect(runs.map((run) => run.id)).toEqual(['b81c04d2-9f3e-4a17-b6d5-0c8e2a7f9d33', '3f2a9c1e-0b7d-4c55-9a61-2d4f8e0c1a11']);
    expect(Object.keys(runs[1]!).sort()).toEqual([
      'costUsd',
      'counts',
      'createdAt',
      'endedAt',
      'error',
      'finishedAt',
      'id',
      'model',
      'name',
      'outDir',
      'rateLimited',
      'startedAt',
      'status',
      'total',
      'updatedAt',
    ]);
    expect(runs[1]).toMatchObject({
      status: 'completed',
      model: 'gpt-test',
      total: 3,
      counts: { ...emptyCounts(), done: 2, failed: 1 },
      outDir: '/home/ann/articles',
      finishedAt: 4_000,
      error: null,
    });
  });

  it('prints an empty JSON array when there is no store', async () => {
    const { io, stdout } = fakeIo();
    expect(await exitCodeOf((cli) => runsCommand(['--json', '--data', join(fixture.tempDir(), 'none')], cli), io)).toBe(0);
    expect(JSON.parse(stdout())).toEqual([]);
  });

  it('exits 2 with the store’s message when another process holds the store', async () => {
    const dataDir = fixture.tempDir();
    fixture.open(dataDir); // stays open: this test process holds the lock
    const { io, stdout, stderr } = fakeIo();
    expect(await exitCodeOf((cli) => runsCommand(['--data', dataDir], cli), io)).toBe(2);
    expect(stdout()).toBe('');
    expect(stderr()).toBe(
      `pacer: This process (pid ${process.pid}) already has ${join(dataDir, DATABASE_FILE_NAME)} open; close that store before opening it again.\n`,
    );
  });

  it('exits 2 on a store from a newer Pacer, and on arguments it does not take', async () => {
    const dataDir = fixture.tempDir();
    fixture.open(dataDir).close();
    const db = new Database(join(dataDir, DATABASE_FILE_NAME));
    db.pragma('user_version = 999');
    db.close();
    const newer = fakeIo();
    expect(await exitCodeOf((cli) => runsCommand(['--data', dataDir], cli), newer.io)).toBe(2);
    expect(newer.stderr()).toMatch(/written by a newer version of Pacer .* Update Pacer to open it\./);

    const extra = fakeIo();
    expect(await exitCodeOf((cli) => runsCommand(['--data', dataDir, 'oops'], cli), extra.io)).toBe(2);
    expect(extra.stderr()).toBe('pacer: pacer runs takes no arguments, got "oops". Usage: pacer runs [--data DIR] [--json]\n');
  });

  it('is wired into main, which maps the store’s refusal to exit 2', async () => {
    const dataDir = fixture.tempDir();
    storeTwoRuns(dataDir);
    const listed = fakeIo();
    expect(await main(['runs', '--json', '--data', dataDir], listed.io)).toBe(0);
    expect(JSON.parse(listed.stdout())).toHaveLength(2);
    fixture.open(dataDir);
    const locked = fakeIo();
    expect(await main(['runs', '--data', dataDir], locked.io)).toBe(2);
    expect(locked.stderr()).toMatch(/^pacer: This process \(pid \d+\) already has .* open/);
  });
});
