/**
 * Every failure the store reports on purpose carries a stable `code` the UI and CLI branch on, and
 * a message that names the file or row and says what to do. SQLite's errors on writing (a full
 * disk, an I/O error mid-run) become 'disk_full' or 'io' (storeWriteError); anything else is passed
 * through unchanged.
 */
export type StoreErrorCode =
  | 'locked' // another Pacer instance (or process) holds the database
  | 'corrupt' // not a readable Pacer database; the file was kept aside
  | 'newer_version' // written by a newer Pacer; left untouched
  | 'migration_failed'
  | 'io' // the folder or file cannot be used (permissions, a file in the way, a disk error…)
  | 'disk_full' // the disk holding the database is full: what was written is kept
  | 'invalid_request' // a caller passed something the store refuses to record
  | 'already_exists'
  | 'not_found'
  | 'out_of_order' // an engine event that does not fit what was recorded before it
  | 'run_active' // the run is running or paused; it cannot be changed under the engine
  | 'task_busy' // the task is in flight or done; its prompt cannot change
  | 'invalid_row'; // a stored row no longer validates

export interface StoreErrorOptions {
  readonly cause?: unknown;
  /** The database file the error is about. */
  readonly path?: string;
  /** Where a damaged database was kept aside. */
  readonly movedTo?: string;
}

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly path: string | undefined;
  readonly movedTo: string | undefined;

  constructor(code: StoreErrorCode, message: string, options: StoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreError';
    this.code = code;
    this.path = options.path;
    this.movedTo = options.movedTo;
  }
}

/** The SQLite result code of an error thrown by better-sqlite3, e.g. 'SQLITE_BUSY'. */
export function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** The codes that mean the data folder or its disk cannot be used: the user must act, nothing is wrong with Pacer. */
export function isUnusableStore(error: unknown): error is StoreError {
  return error instanceof StoreError && ['locked', 'corrupt', 'newer_version', 'migration_failed', 'io', 'disk_full'].includes(error.code);
}

/**
 * A write that failed because of the disk, as a StoreError that says so and what to do; other
 * errors as they are. SQLite reports a full disk as SQLITE_FULL, a failing or vanished disk as
 * SQLITE_IOERR_*; Node as ENOSPC / EIO. `during` says what the failure stopped: opening the store,
 * or recording a run (which stops, keeping what was recorded, and can be resumed).
 */
export function storeWriteError(error: unknown, dbPath: string, during: 'open' | 'run' = 'run'): unknown {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const next = during === 'run' ? 'The run stopped; everything recorded before is kept.' : 'Nothing was changed.';
  const then = during === 'run' ? 'then resume the run' : 'then try again';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StoreError('disk_full', `disk full: Pacer could not write to ${dbPath} (${String(code)}). ${next} Free some space on that disk, ${then}.`, {
      cause: error,
      path: dbPath,
    });
  }
  if ((typeof code === 'string' && code.startsWith('SQLITE_IOERR')) || code === 'EIO') {
    return new StoreError(
      'io',
      `Pacer could not write to ${dbPath}: ${(error as Error).message} (${String(code)}). ${next} Check the disk (is it still mounted, or failing?), ${then}.`,
      { cause: error, path: dbPath },
    );
  }
  return error;
}
