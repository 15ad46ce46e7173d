import fs from 'node:fs';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, PACER_APPLICATION_ID, readSchemaVersion } from './migrations.ts';
import { StoreError, sqliteCode, storeWriteError } from './store-error.ts';

/**
 * Looks at an existing database file before anything writes to it, and keeps a damaged one aside.
 * The probe uses a read-only connection: it never checkpoints, migrates or changes the journal
 * mode, so a file from a newer Pacer stays byte-for-byte as it was.
 */
export type ProbeResult =
  | { readonly kind: 'missing' }
  | { readonly kind: 'ok'; readonly version: number }
  | { readonly kind: 'newer'; readonly version: number }
  | { readonly kind: 'damaged'; readonly reason: string };

export function probeDatabase(dbPath: string, busyTimeoutMs: number): ProbeResult {
  if (!fs.existsSync(dbPath)) return { kind: 'missing' };
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const version = readSchemaVersion(db);
    const objects = db.prepare<[], number>('SELECT count(*) FROM sqlite_schema').pluck().get() ?? 0;
    // Version 0 with no tables is an empty file: the first migration will fill it.
    if (applicationId !== PACER_APPLICATION_ID && (objects > 0 || version > 0)) {
      return { kind: 'damaged', reason: `not a Pacer database: application_id ${applicationId}, ${objects} schema objects` };
    }
    if (version > LATEST_SCHEMA_VERSION) return { kind: 'newer', version };
    // Full check, not quick_check: ~0.2 s for a 200 MB file, once per app start.
    const problems = db.prepare<[], string>('PRAGMA integrity_check(3)').pluck().all();
    if (problems[0] !== 'ok') {
      const summary = problems.join('\n').replace('*** in database main ***', '').trim().split(/\s*\n\s*/).join('; ');
      return { kind: 'damaged', reason: `integrity check failed: ${summary}` };
    }
    return { kind: 'ok', version };
  } catch (error) {
    const code = sqliteCode(error);
    if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT')) {
      return { kind: 'damaged', reason: `${code}: ${(error as Error).message}` };
    }
    throw openError(error, dbPath);
  } finally {
    db?.close();
  }
}

/**
 * Renames the file (and its -wal/-shm) to `<name>.corrupt-<timestamp>`, never over an existing
 * file. The sidecars go first: a crash half-way must not leave an old WAL next to a new database,
 * which SQLite would replay into it.
 */
export function moveAside(dbPath: string, now: () => number): string {
  const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-'); // ':' is not allowed in Windows file names
  let target = `${dbPath}.corrupt-${stamp}`;
  for (let n = 2; [target, `${target}-wal`, `${target}-shm`].some((file) => fs.existsSync(file)); n++) {
    target = `${dbPath}.corrupt-${stamp}-${n}`;
  }
  for (const suffix of ['-wal', '-shm']) {
    try {
      fs.renameSync(`${dbPath}${suffix}`, `${target}${suffix}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  fs.renameSync(dbPath, target);
  return target;
}

/** Maps an error from opening the file to the store's codes; SQLite's busy means another process holds it. */
export function openError(error: unknown, dbPath: string): unknown {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error);
  if (code === 'SQLITE_BUSY' || code?.startsWith('SQLITE_BUSY_')) {
    return new StoreError(
      'locked',
      `Another process holds ${dbPath} locked. Close any other Pacer or database tool using it and try again.`,
      { cause: error, path: dbPath },
    );
  }
  if (code === 'SQLITE_FULL') return storeWriteError(error, dbPath, 'open');
  if (code?.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code?.startsWith('SQLITE_READONLY') || code?.startsWith('SQLITE_IOERR')) {
    return new StoreError(
      'io',
      `Cannot open ${dbPath}: ${(error as Error).message} (${code}). Check that the folder is writable and that nothing else ` +
        `(a folder, a special file) sits at ${dbPath}-wal or ${dbPath}-shm; or choose another data folder (--data DIR or PACER_DATA_DIR).`,
      { cause: error, path: dbPath },
    );
  }
  return error;
}
