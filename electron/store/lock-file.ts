import fs from 'node:fs';
import { StoreError } from './store-error.ts';
import { isSameProcess, ownIdentity } from '../os/process-identity.ts';
import type { ProcessIdentity } from '../os/process-identity.ts';

/**
 * Single writer, part one: a lock file created with the exclusive 'wx' flag, naming its owner. It
 * exists to give a clear message ("another Pacer, pid N") and to recover from a crash: a lock whose
 * owner is gone is stale and taken over. The owner is named by pid and, where /proc exists, by its
 * start time and boot id (process-identity.ts), so neither a zombie left by a crash nor an
 * unrelated process that got the pid later keeps the folder locked. The hard guarantee is SQLite's
 * own exclusive lock (open-database.ts), which the OS drops when a process dies; it also settles
 * the rare race of two instances taking over the same stale lock at once.
 */
export interface LockHolder extends ProcessIdentity {
  /** ISO time the lock was taken. */
  readonly startedAt: string;
}

export interface FileLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

export function acquireLock(lockPath: string, resource: string, now: () => number): FileLock {
  const holder: LockHolder = { ...ownIdentity(), startedAt: new Date(now()).toISOString() };
  const content = JSON.stringify(holder);
  // Two tries: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(lockPath, content)) return ownedLock(lockPath, holder, content);
    const current = readHolder(lockPath);
    if (current && isSameProcess(current)) throw lockedError(current, lockPath, resource);
    // Its owner is gone (exited, a zombie, or the pid now names another process), or the file was
    // left empty by a crash between create and write: stale.
    removeIfExists(lockPath);
  }
  const current = readHolder(lockPath);
  throw lockedError(current ?? { pid: 0, startedAt: 'unknown' }, lockPath, resource);
}

function readHolder(lockPath: string): LockHolder | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { pid, startedAt, startTicks, bootId } = parsed as Record<string, unknown>;
    if (!Number.isInteger(pid) || (pid as number) <= 0 || typeof startedAt !== 'string') return undefined;
    return {
      pid: pid as number,
      startedAt,
      ...(typeof startTicks === 'string' && { startTicks }),
      ...(typeof bootId === 'string' && { bootId }),
    };
  } catch {
    return undefined;
  }
}

function tryCreate(lockPath: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeFileSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function ownedLock(lockPath: string, holder: LockHolder, content: string): FileLock {
  let released = false;
  return {
    path: lockPath,
    holder,
    release() {
      if (released) return;
      released = true;
      // Only our own content: after a stale takeover race the file may belong to someone else.
      let current: string;
      try {
        current = fs.readFileSync(lockPath, 'utf8');
      } catch {
        return;
      }
      if (current === content) removeIfExists(lockPath);
    },
  };
}

function removeIfExists(filePath: string): void {
  try {
    fs.unlinkSync(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function lockedError(holder: LockHolder, lockPath: string, resource: string): StoreError {
  const message =
    holder.pid === process.pid
      ? `This process (pid ${holder.pid}) already has ${resource} open; close that store before opening it again.`
      : `Another Pacer instance (pid ${holder.pid}, started ${holder.startedAt}) is using ${resource}. ` +
        `Close it and try again; if no Pacer is running, delete ${lockPath}.`;
  return new StoreError('locked', message, { path: resource });
}
