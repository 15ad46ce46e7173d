/**
 * Every failure the store reports on purpose carries a stable `code` the UI and CLI branch on, and
 * a message that names the file or row and says what to do. Anything else (a disk error mid-run) is
 * SQLite's own error, passed through unchanged.
 */
export type StoreErrorCode =
  | 'locked' // another Pacer instance (or process) holds the database
  | 'corrupt' // not a readable Pacer database; the file was kept aside
  | 'newer_version' // written by a newer Pacer; left untouched
  | 'migration_failed'
  | 'io' // the file exists but cannot be opened (permissions, a directory in the way…)
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
