import type { Database } from 'better-sqlite3';
import { StoreError } from './store-error.ts';

/**
 * The schema, as an ordered list of migrations. A shipped migration never changes: a new column or
 * table is a new entry at the end. Each runs in its own transaction together with the bump of
 * `PRAGMA user_version`, so a failure leaves the database at the previous version, not half-way.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
  /**
   * It rebuilds a table other tables refer to: foreign keys are off while it runs (SQLite's
   * documented way; they cannot be switched inside a transaction) and checked before it commits.
   */
  readonly rebuildsTables?: boolean;
}

/** 'PACE' in ASCII: tells a Pacer database apart from any other SQLite file in the data folder. */
export const PACER_APPLICATION_ID = 0x50414345;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, tasks and attempts',
    sql: `
      PRAGMA application_id = ${PACER_APPLICATION_ID};

      CREATE TABLE runs (
        id TEXT PRIMARY KEY NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        status TEXT NOT NULL
          CHECK (status IN ('created', 'running', 'paused', 'completed', 'cancelled', 'stopped', 'interrupted')),
        settings_json TEXT NOT NULL CHECK (json_valid(settings_json)),
        out_dir TEXT,
        total INTEGER NOT NULL CHECK (total >= 0),
        limits_json TEXT CHECK (limits_json IS NULL OR json_valid(limits_json)),
        error_code TEXT,
        error_message TEXT,
        finished_at INTEGER
      ) STRICT;

      CREATE TABLE tasks (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        idx INTEGER NOT NULL CHECK (idx >= 0),
        topic TEXT NOT NULL,
        vars_json TEXT NOT NULL CHECK (json_valid(vars_json)),
        prompt TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'waiting', 'running', 'retrying', 'done', 'failed', 'cancelled', 'skipped')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        result_text TEXT,
        prompt_tokens INTEGER CHECK (prompt_tokens >= 0),
        completion_tokens INTEGER CHECK (completion_tokens >= 0),
        total_tokens INTEGER CHECK (total_tokens >= 0),
        cost_usd REAL CHECK (cost_usd >= 0),
        error_kind TEXT,
        error_message TEXT,
        updated_at INTEGER NOT NULL,
        exported_path TEXT,
        PRIMARY KEY (run_id, id),
        -- A done task always has the text that was paid for.
        CHECK (status <> 'done' OR result_text IS NOT NULL)
      ) STRICT;

      CREATE INDEX tasks_by_status ON tasks (run_id, status);
      CREATE UNIQUE INDEX tasks_by_index ON tasks (run_id, idx);

      CREATE TABLE attempts (
        run_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        n INTEGER NOT NULL CHECK (n >= 1),
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'cancelled', 'interrupted')),
        error_kind TEXT,
        error_status INTEGER,
        error_code TEXT,
        error_message TEXT,
        estimated_tokens INTEGER NOT NULL CHECK (estimated_tokens >= 0),
        latency_ms INTEGER CHECK (latency_ms >= 0),
        wait_before_ms INTEGER NOT NULL DEFAULT 0 CHECK (wait_before_ms >= 0),
        wait_source TEXT CHECK (wait_source IN ('retry_after', 'backoff', 'cooldown', 'limiter')),
        rate_limit_json TEXT CHECK (rate_limit_json IS NULL OR json_valid(rate_limit_json)),
        PRIMARY KEY (run_id, task_id, n),
        FOREIGN KEY (run_id, task_id) REFERENCES tasks (run_id, id) ON DELETE CASCADE
      ) STRICT;
    `,
  },
  {
    version: 2,
    description: 'run names and the time of the latest start',
    // Runs stored before names existed are named after their first topic, as new ones are by default
    // (at most 120 characters, MAX_RUN_NAME_LENGTH), and started when their first request left.
    sql: `
      ALTER TABLE runs ADD COLUMN name TEXT NOT NULL DEFAULT '';
      ALTER TABLE runs ADD COLUMN started_at INTEGER;
      UPDATE runs SET name = substr(coalesce((SELECT topic FROM tasks WHERE run_id = runs.id ORDER BY idx LIMIT 1), ''), 1, 120);
      UPDATE runs SET started_at = (SELECT min(started_at) FROM attempts WHERE run_id = runs.id);
    `,
  },
  {
    version: 3,
    description: 'what each attempt cost',
    // A run's spend is the sum over its attempts: a budget counts it on resume, and a task sent
    // again (an edited prompt) keeps what its earlier reply cost. Runs stored before this have
    // only each done task's cost, which belongs to its last attempt.
    sql: `
      ALTER TABLE attempts ADD COLUMN cost_usd REAL CHECK (cost_usd IS NULL OR cost_usd >= 0);
      UPDATE attempts SET cost_usd = (
        SELECT t.cost_usd FROM tasks t
        WHERE t.run_id = attempts.run_id AND t.id = attempts.task_id AND t.status = 'done' AND t.attempts = attempts.n
      ) WHERE status = 'ok';
    `,
  },
  {
    version: 4,
    description: 'quality gates: the needs_review task status, gate verdicts, regenerations and reviews',
    // SQLite cannot change a CHECK in place: tasks is rebuilt the documented way (a new table,
    // filled, the old one dropped, the new one renamed), with foreign keys off so that dropping
    // the old table does not cascade into the attempts; migrate() checks them before committing.
    // Attempts only gain columns.
    rebuildsTables: true,
    sql: `
      CREATE TABLE tasks_v4 (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        idx INTEGER NOT NULL CHECK (idx >= 0),
        topic TEXT NOT NULL,
        vars_json TEXT NOT NULL CHECK (json_valid(vars_json)),
        prompt TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'waiting', 'running', 'retrying', 'done', 'needs_review', 'failed', 'cancelled', 'skipped')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        result_text TEXT,
        prompt_tokens INTEGER CHECK (prompt_tokens >= 0),
        completion_tokens INTEGER CHECK (completion_tokens >= 0),
        total_tokens INTEGER CHECK (total_tokens >= 0),
        cost_usd REAL CHECK (cost_usd >= 0),
        error_kind TEXT,
        error_message TEXT,
        updated_at INTEGER NOT NULL,
        exported_path TEXT,
        -- Each gate's verdict on the kept article; NULL for a run without gates.
        gates_json TEXT CHECK (gates_json IS NULL OR json_valid(gates_json)),
        -- Articles written again after failing a gate, and what those rejected replies cost (part of cost_usd).
        regenerations INTEGER NOT NULL DEFAULT 0 CHECK (regenerations >= 0),
        regeneration_cost_usd REAL NOT NULL DEFAULT 0 CHECK (regeneration_cost_usd >= 0),
        -- A person's verdict in the review grid; only accepted articles are exported from it.
        review TEXT CHECK (review IN ('accepted', 'rejected')),
        edited_at INTEGER,
        PRIMARY KEY (run_id, id),
        -- A done task, or one that needs review, always has the text that was paid for.
        CHECK (status NOT IN ('done', 'needs_review') OR result_text IS NOT NULL)
      ) STRICT;
      INSERT INTO tasks_v4 (run_id, id, idx, topic, vars_json, prompt, status, attempts, result_text, prompt_tokens,
          completion_tokens, total_tokens, cost_usd, error_kind, error_message, updated_at, exported_path)
        SELECT run_id, id, idx, topic, vars_json, prompt, status, attempts, result_text, prompt_tokens,
          completion_tokens, total_tokens, cost_usd, error_kind, error_message, updated_at, exported_path FROM tasks;
      DROP TABLE tasks;
      ALTER TABLE tasks_v4 RENAME TO tasks;
      CREATE INDEX tasks_by_status ON tasks (run_id, status);
      CREATE UNIQUE INDEX tasks_by_index ON tasks (run_id, idx);

      -- Which regeneration of the article an attempt wrote (0: the first writing), the gates'
      -- verdict on its reply, and whether they rejected it (what it cost is migration 3's cost_usd).
      ALTER TABLE attempts ADD COLUMN regeneration INTEGER NOT NULL DEFAULT 0 CHECK (regeneration >= 0);
      ALTER TABLE attempts ADD COLUMN gates_json TEXT CHECK (gates_json IS NULL OR json_valid(gates_json));
      ALTER TABLE attempts ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected IN (0, 1));
    `,
  },
  {
    version: 5,
    description: 'Batch API batches of a run',
    // A part is stored before its batch is created (batch_id NULL): after a crash in between, the
    // provider's batch is found again by the part id in its metadata rather than paid for twice.
    sql: `
      CREATE TABLE batches (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        part_id TEXT NOT NULL,
        batch_id TEXT,
        input_file_id TEXT,
        task_ids_json TEXT NOT NULL CHECK (json_valid(task_ids_json)),
        tokens INTEGER NOT NULL CHECK (tokens >= 0),
        status TEXT NOT NULL,
        total INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
        completed INTEGER NOT NULL DEFAULT 0 CHECK (completed >= 0),
        failed INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),
        output_file_id TEXT,
        error_file_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        collected_at INTEGER,
        PRIMARY KEY (run_id, part_id)
      ) STRICT;

      CREATE INDEX batches_open ON batches (run_id) WHERE collected_at IS NULL;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

export function readSchemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrationResult {
  readonly from: number;
  readonly to: number;
}

/** Brings `db` up to the last migration in `migrations`. Refuses a database newer than the list. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  assertOrdered(migrations);
  const from = readSchemaVersion(db);
  const latest = migrations.length;
  if (from > latest) {
    throw new StoreError(
      'newer_version',
      `${db.name} has schema version ${from}, newer than the ${latest} this Pacer knows. Update Pacer to open it.`,
      { path: db.name },
    );
  }
  let current = from;
  for (const migration of migrations.slice(from)) {
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.rebuildsTables) assertForeignKeys(db);
        db.pragma(`user_version = ${migration.version}`);
      })();
    } catch (error) {
      throw new StoreError(
        'migration_failed',
        `Migration ${migration.version} (${migration.description}) failed on ${db.name}: ${(error as Error).message}. ` +
          `The database was left at schema version ${current}.`,
        { cause: error, path: db.name },
      );
    } finally {
      if (migration.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
    current = migration.version;
  }
  return { from, to: current };
}

/** After a rebuild with foreign keys off: every reference must still hold, or nothing is committed. */
function assertForeignKeys(db: Database): void {
  const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (broken.length > 0) {
    const first = broken[0]!;
    throw new Error(`${broken.length} row(s) would break a foreign key (the first in ${first.table}, referring to ${first.parent})`);
  }
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) {
      throw new Error(`Migration list out of order: entry ${i} has version ${migration.version}, expected ${i + 1}`);
    }
  });
}
