import fs from 'node:fs';
import { probeDatabase } from './database-file.ts';
import type { ProbeResult } from './database-file.ts';
import { StoreError, sqliteCode } from './store-error.ts';

/**
 * The `-shm` file next to pacer.db is SQLite's shared index of the WAL, rebuilt from the WAL
 * whenever it is missing; it holds no data. Pacer's own writable connection never uses one
 * (exclusive locking mode); only the read-only probe does, under the lock file. So a -shm that keeps
 * the probe from opening (not a file, not writable for us, left by a crashed tool) is stale: it is
 * removed and the probe tried once more. `shm.ours` becomes true then, so the caller removes the
 * fresh one the probe leaves, once its writable connection holds SQLite's exclusive lock.
 */
export function probeIgnoringStaleSharedMemory(dbPath: string, busyTimeoutMs: number, shm: { ours: boolean }): ProbeResult {
  try {
    return probeDatabase(dbPath, busyTimeoutMs);
  } catch (error) {
    const code = sqliteCode(error instanceof StoreError ? error.cause : error);
    const shmTrouble = code !== undefined && SHARED_MEMORY_FAILURES.some((failure) => code.startsWith(failure));
    if (!shmTrouble || !removeSharedMemoryFile(dbPath)) throw error;
    shm.ours = true;
    return probeDatabase(dbPath, busyTimeoutMs);
  }
}

const SHARED_MEMORY_FAILURES = ['SQLITE_IOERR_SHM', 'SQLITE_READONLY_CANTINIT', 'SQLITE_READONLY_RECOVERY', 'SQLITE_PROTOCOL', 'SQLITE_CANTOPEN'];

export function hasSharedMemoryFile(dbPath: string): boolean {
  try {
    fs.lstatSync(`${dbPath}-shm`);
    return true;
  } catch {
    return false;
  }
}

/** Removes `<db>-shm` unless it is a folder (never ours to delete). Returns whether one was removed. */
export function removeSharedMemoryFile(dbPath: string): boolean {
  const shm = `${dbPath}-shm`;
  try {
    if (fs.lstatSync(shm).isDirectory()) return false;
    fs.unlinkSync(shm);
    return true;
  } catch {
    return false;
  }
}
