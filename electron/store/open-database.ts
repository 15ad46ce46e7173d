import path from 'node:path';
import Database from 'better-sqlite3';
import { assertNever } from '../../shared/assert-never.ts';
import { moveAside, openError } from './database-file.ts';
import { checkDataFolder } from './data-folder.ts';
import { acquireLock } from './lock-file.ts';
import type { FileLock } from './lock-file.ts';
import { LATEST_SCHEMA_VERSION, migrate } from './migrations.ts';
import type { SecretRedactor } from '../secrets/secret-redactor.ts';
import { RunRepository } from './run-repository.ts';
import { hasSharedMemoryFile, probeIgnoringStaleSharedMemory, removeSharedMemoryFile } from './shared-memory-file.ts';
import { StoreError, storeWriteError } from './store-error.ts';

/**
 * Opens the one database in the app's data folder, for one writer at a time. In order: the lock
 * file (a clear "another Pacer, pid N" message), a read-only probe (a newer or damaged file is
 * refused before anything writes to it), then the read-write connection: SQLite's exclusive lock,
 * WAL, migrations, and finally runs left going by a crash or quit are marked interrupted.
 */
export const DATABASE_FILE_NAME = 'pacer.db';

export interface OpenRunStoreOptions {
  /**
   * A damaged database is always kept aside (renamed, never deleted or overwritten). 'throw' then
   * reports a StoreError 'corrupt' naming both paths and leaves the choice to the user: the next
   * open starts with an empty database. 'move-aside-and-create' starts empty at once and reports
   * what happened in `RunStore.movedAside`, for the UI to show.
   * @default 'throw'
   */
  readonly onCorrupt?: 'throw' | 'move-aside-and-create';
  /** Clock for the timestamps the store writes itself (creation, interruption, edits). @default Date.now */
  readonly now?: () => number;
  /** How long to wait on SQLite's lock held by another process (busy_timeout). @default 5000 */
  readonly busyTimeoutMs?: number;
  /** The API keys removed from everything written. @default knownSecrets */
  readonly redactor?: SecretRedactor;
}

export interface MovedAside {
  readonly from: string;
  readonly to: string;
  readonly message: string;
}

export class RunStore extends RunRepository {
  readonly path: string;
  /** Runs found running or paused at open, now 'interrupted'. */
  readonly interruptedRunIds: readonly string[];
  readonly movedAside: MovedAside | null;
  private readonly db: Database.Database;
  private readonly lock: FileLock;
  private closed = false;
  // A quit that never calls close() still checkpoints the WAL and frees the lock file.
  private readonly onExit = () => this.close();

  constructor(db: Database.Database, lock: FileLock, dbPath: string, movedAside: MovedAside | null, now: () => number, redactor?: SecretRedactor) {
    super(db, now, redactor);
    this.db = db;
    this.lock = lock;
    this.path = dbPath;
    this.movedAside = movedAside;
    this.interruptedRunIds = this.markInterruptedRuns();
    process.on('exit', this.onExit);
  }

  /** Closes the connection (checkpointing the WAL) and removes the lock file. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    process.off('exit', this.onExit);
    try {
      this.db.close();
    } finally {
      this.lock.release();
    }
  }
}

export function openRunStore(dataDir: string, options: OpenRunStoreOptions = {}): RunStore {
  const now = options.now ?? Date.now;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  checkDataFolder(dataDir, DATABASE_FILE_NAME, { create: true });
  const dbPath = path.join(path.resolve(dataDir), DATABASE_FILE_NAME);
  const lock = takeLock(dbPath, now);
  try {
    // A -shm that was not there, or was stale, is the read-only probe's own: Pacer's writable
    // connection never uses one (exclusive locking mode), and once it holds SQLite's exclusive
    // lock, nothing else can be using it, so it is removed rather than left to go stale.
    const shm = { ours: !hasSharedMemoryFile(dbPath) };
    const movedAside = checkExistingFile(dbPath, options.onCorrupt ?? 'throw', now, busyTimeoutMs, shm);
    const db = openWritable(dbPath, busyTimeoutMs);
    if (shm.ours) removeSharedMemoryFile(dbPath);
    try {
      return new RunStore(db, lock, dbPath, movedAside, now, options.redactor);
    } catch (error) {
      db.close();
      throw error;
    }
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** The lock file, with its own failures (a read-only folder, a full disk, a folder in its place) said plainly. */
function takeLock(dbPath: string, now: () => number): FileLock {
  const lockPath = `${dbPath}.lock`;
  try {
    return acquireLock(lockPath, dbPath, now);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw storeWriteError(error, dbPath, 'open');
    throw new StoreError(
      'io',
      `Cannot use the lock file ${lockPath}: ${(error as Error).message}. It must be a plain file in a folder Pacer may write to; ` +
        'remove whatever is in its place, or choose another data folder (--data DIR or PACER_DATA_DIR).',
      { cause: error, path: dbPath },
    );
  }
}

function checkExistingFile(
  dbPath: string,
  onCorrupt: NonNullable<OpenRunStoreOptions['onCorrupt']>,
  now: () => number,
  busyTimeoutMs: number,
  shm: { ours: boolean },
): MovedAside | null {
  const probe = probeIgnoringStaleSharedMemory(dbPath, busyTimeoutMs, shm);
  switch (probe.kind) {
    case 'missing':
    case 'ok':
      return null;
    case 'newer':
      throw new StoreError(
        'newer_version',
        `${dbPath} was written by a newer version of Pacer (schema version ${probe.version}; this version knows up to ` +
          `${LATEST_SCHEMA_VERSION}). Update Pacer to open it. The file was left untouched.`,
        { path: dbPath },
      );
    case 'damaged': {
      const movedTo = moveAside(dbPath, now);
      if (onCorrupt === 'throw') {
        throw new StoreError(
          'corrupt',
          `${dbPath} is not a readable Pacer database (${probe.reason}). It was kept aside as ${movedTo}; nothing was ` +
            `overwritten. Open Pacer again to start with an empty run history, or first put a backup in its place.`,
          { path: dbPath, movedTo },
        );
      }
      return {
        from: dbPath,
        to: movedTo,
        message:
          `${dbPath} was not a readable Pacer database (${probe.reason}). It was kept aside as ${movedTo}; ` +
          `Pacer started with an empty run history.`,
      };
    }
    default:
      return assertNever(probe, 'probe result');
  }
}

function openWritable(dbPath: string, busyTimeoutMs: number): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { timeout: busyTimeoutMs });
    // Single writer, part two: in exclusive locking mode SQLite keeps its file lock from the first
    // write until close, so no other process can read or write the file meanwhile, whatever
    // happened to the lock file; the OS drops the lock when the process dies. (The WAL index then
    // lives in memory: no -shm file.)
    db.pragma('locking_mode = EXCLUSIVE');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new StoreError('io', `${dbPath} could not switch to WAL journal mode (SQLite kept "${String(mode)}").`);
    // NORMAL by default, FULL for the commits that must survive a power cut: durable-writes.ts.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.exec('BEGIN EXCLUSIVE; COMMIT'); // take the lock now, not at the first event
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw openError(error, dbPath);
  }
}
