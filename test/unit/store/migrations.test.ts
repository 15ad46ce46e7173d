import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, PACER_APPLICATION_ID, migrate, readSchemaVersion } from '../../../electron/store/migrations.ts';
import type { Migration } from '../../../electron/store/migrations.ts';
import { StoreError } from '../../../electron/store/store-error.ts';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function memoryDb(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  open.push(db);
  return db;
}

function schemaOf(db: Database.Database): string[] {
  return db.prepare<[], string>("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name").pluck().all();
}

describe('MIGRATIONS', () => {
  it('migrates an empty database to the latest version', () => {
    const db = memoryDb();
    expect(migrate(db)).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION });
    expect(readSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(PACER_APPLICATION_ID);
    const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['attempts', 'batches', 'runs', 'tasks']);
    const indexes = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all();
    expect(indexes).toEqual(['batches_open', 'tasks_by_index', 'tasks_by_status']);
    expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
  });

  it.each(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, version) => version))(
    'migrates from version %i to the same schema as a fresh database',
    (version) => {
      const fresh = memoryDb();
      migrate(fresh);
      const db = memoryDb();
      migrate(db, MIGRATIONS.slice(0, version));
      expect(readSchemaVersion(db)).toBe(version);
      expect(migrate(db)).toEqual({ from: version, to: LATEST_SCHEMA_VERSION });
      expect(schemaOf(db)).toEqual(schemaOf(fresh));
      expect(db.pragma('foreign_key_check')).toEqual([]);
    },
  );
});

describe('migrate', () => {
  const steps: Migration[] = [
    { version: 1, description: 'create a', sql: 'CREATE TABLE a (x INTEGER);' },
    { version: 2, description: 'add a.y', sql: 'ALTER TABLE a ADD COLUMN y TEXT;' },
    { version: 3, description: 'create b, then fail', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);' },
  ];

  it('applies migrations in order and leaves a failed one fully undone, at the previous version', () => {
    const db = memoryDb();
    let failure: unknown;
    try {
      migrate(db, steps);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).code).toBe('migration_failed');
    expect((failure as StoreError).message).toBe(
      'Migration 3 (create b, then fail) failed on :memory:: no such table: missing. The database was left at schema version 2.',
    );
    expect(readSchemaVersion(db)).toBe(2);
    expect(schemaOf(db)).toEqual(['table a: CREATE TABLE a (x INTEGER, y TEXT)']);
  });

  it('continues from an intermediate version', () => {
    const db = memoryDb();
    migrate(db, steps.slice(0, 1));
    expect(migrate(db, steps.slice(0, 2))).toEqual({ from: 1, to: 2 });
    expect(db.prepare('SELECT * FROM a').columns().map((c) => c.name)).toEqual(['x', 'y']);
  });

  it('refuses a database newer than the list', () => {
    const db = memoryDb();
    db.pragma('user_version = 7');
    expect(() => migrate(db, steps.slice(0, 2))).toThrow(/schema version 7, newer than the 2 this Pacer knows/);
    expect(readSchemaVersion(db)).toBe(7);
  });

  it('refuses a list with a gap', () => {
    const gap = [steps[0], { ...steps[1], version: 3 }] as Migration[];
    expect(() => migrate(memoryDb(), gap)).toThrow('Migration list out of order: entry 1 has version 3, expected 2');
  });
});

describe('a migration that rebuilds tables', () => {
  it('commits nothing when a reference no longer holds, and turns foreign keys back on', () => {
    const db = memoryDb();
    const steps: Migration[] = [
      { version: 1, description: 'parent and child', sql: 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (pid INTEGER REFERENCES p (id)); INSERT INTO p VALUES (1); INSERT INTO c VALUES (1);' },
      { version: 2, description: 'rebuild p, losing a row', rebuildsTables: true, sql: 'CREATE TABLE p2 (id INTEGER PRIMARY KEY); DROP TABLE p; ALTER TABLE p2 RENAME TO p;' },
    ];
    expect(() => migrate(db, steps)).toThrow(/Migration 2 \(rebuild p, losing a row\) failed on :memory:: 1 row\(s\) would break a foreign key \(the first in c, referring to p\)\. The database was left at schema version 1\./);
    expect(readSchemaVersion(db)).toBe(1);
    expect(db.prepare('SELECT id FROM p').pluck().all()).toEqual([1]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('migration 3 (quality gates)', () => {
  it('keeps every run, task and attempt while it rebuilds the tasks table, and lets a task need review', () => {
    const db = memoryDb();
    migrate(db, MIGRATIONS.slice(0, 2));
    db.exec(`
      INSERT INTO runs (id, created_at, updated_at, status, settings_json, total) VALUES ('r', 1, 1, 'completed', '{}', 2);
      INSERT INTO tasks (run_id, id, idx, topic, vars_json, prompt, status, attempts, result_text, cost_usd, updated_at, exported_path)
        VALUES ('r', 't0', 0, 'Coffee', '{}', 'p', 'done', 2, '# Coffee', 0.5, 1, '/out/coffee.md'),
               ('r', 't1', 1, 'Tea', '{}', 'p', 'failed', 1, NULL, NULL, 1, NULL);
      INSERT INTO attempts (run_id, task_id, n, started_at, status, estimated_tokens) VALUES ('r', 't0', 1, 1, 'failed', 10), ('r', 't0', 2, 2, 'ok', 10), ('r', 't1', 1, 1, 'failed', 10);
    `);
    migrate(db);
    expect(db.prepare('SELECT id, status, result_text, cost_usd, exported_path, regenerations, review FROM tasks ORDER BY idx').all()).toEqual([
      { id: 't0', status: 'done', result_text: '# Coffee', cost_usd: 0.5, exported_path: '/out/coffee.md', regenerations: 0, review: null },
      { id: 't1', status: 'failed', result_text: null, cost_usd: null, exported_path: null, regenerations: 0, review: null },
    ]);
    expect(db.prepare('SELECT task_id, n, status, regeneration FROM attempts ORDER BY task_id, n').all()).toEqual([
      { task_id: 't0', n: 1, status: 'failed', regeneration: 0 },
      { task_id: 't0', n: 2, status: 'ok', regeneration: 0 },
      { task_id: 't1', n: 1, status: 'failed', regeneration: 0 },
    ]);
    db.exec(`UPDATE tasks SET status = 'needs_review', result_text = 'Too short.' WHERE id = 't1'`);
    expect(() => db.exec(`UPDATE tasks SET result_text = NULL WHERE id = 't1'`)).toThrow(/CHECK constraint failed/);
    // Foreign keys are on again, and the attempts still belong to their tasks: deleting the run removes them all.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'attempts'").pluck().get()).toContain('REFERENCES tasks (run_id, id)');
    db.exec(`DELETE FROM runs WHERE id = 'r'`);
    expect(db.prepare('SELECT count(*) AS n FROM attempts').get()).toEqual({ n: 0 });
  });
});
