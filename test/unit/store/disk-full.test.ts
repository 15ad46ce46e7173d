import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/store/migrations.ts';
import { RunRepository } from '../../../electron/store/run-repository.ts';
import { StoreError } from '../../../electron/store/store-error.ts';
import { eventEmitter, makeTasks, SETTINGS, useStoreFixture } from './store-fixtures.ts';

/**
 * A full disk as SQLite reports it (SQLITE_FULL), made without root by capping the database's
 * pages (`max_page_count`); cli-data-folder.test.ts fills a real tmpfs where mounting is allowed.
 */
const fixture = useStoreFixture();

function cappedRepository(): { repo: RunRepository; db: Database.Database } {
  const db = new Database(path.join(fixture.tempDir(), 'pacer.db'));
  db.pragma('journal_mode = WAL');
  migrate(db);
  return { repo: new RunRepository(db, () => 1_000), db };
}

describe('a full disk while recording a run', () => {
  it('fails the write with "disk full", naming the file and what to do, and keeps what was recorded', () => {
    const { repo, db } = cappedRepository();
    repo.createRun({ id: 'r', settings: SETTINGS, tasks: makeTasks(3) });
    const emit = eventEmitter(repo, 'r');
    emit({ type: 'run.started', total: 3, settings: SETTINGS }, 1);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 10 }, 2);
    emit({ type: 'task.done', taskId: 't1', attempt: 1, text: 'Paid for.', usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 }, latencyMs: 5 }, 3);

    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    emit({ type: 'attempt.started', taskId: 't2', attempt: 1, estimatedTokens: 10 }, 4);
    let caught: unknown;
    try {
      emit({ type: 'task.done', taskId: 't2', attempt: 1, text: 'x'.repeat(100_000), usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 }, latencyMs: 5 }, 5);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect(caught).toMatchObject({
      code: 'disk_full',
      message: `disk full: Pacer could not write to ${db.name} (SQLITE_FULL). The run stopped; everything recorded before is kept. Free some space on that disk, then resume the run.`,
    });
    expect(repo.getTask('r', 't1')).toMatchObject({ status: 'done', resultText: 'Paid for.' });
    expect(repo.getTask('r', 't2')).toMatchObject({ status: 'running', resultText: null });
    db.close();
  });
});
