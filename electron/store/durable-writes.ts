import type { Database } from 'better-sqlite3';

/**
 * Durability per commit. The connection runs WAL with `synchronous = NORMAL`: a commit is written
 * to the WAL but not fsynced. That survives any crash or quit of the app (the OS has the bytes) and
 * never corrupts the file, but a power cut can lose the last commits. `synchronous = FULL` fsyncs
 * the WAL at commit, so the commit survives a power cut too, at the cost of one fsync.
 *
 * Only some commits need that: the ones recording money (an attempt about to be sent, a result that
 * was paid for) and user actions. The rest are statuses that crash recovery rebuilds anyway
 * (waiting and retrying go back to queued), and at up to several events per task a fsync each
 * would slow a 10,000-task run. Because the WAL is appended in order, a FULL commit also makes
 * every earlier NORMAL commit durable: after a power cut the database is always a prefix of the
 * event stream that ends at or after the last money-relevant event.
 *
 * On macOS, fsync reaches the drive's cache but not the platter (F_FULLFSYNC would, at ~10 ms a
 * commit); `PRAGMA fullfsync` is left off for that reason.
 */
export type DurableWrite = <T>(write: () => T) => T;

export function createDurableWrite(db: Database): DurableWrite {
  const full = db.prepare('PRAGMA synchronous = FULL');
  const normal = db.prepare('PRAGMA synchronous = NORMAL');
  return (write) => {
    full.run();
    try {
      return write();
    } finally {
      normal.run();
    }
  };
}
