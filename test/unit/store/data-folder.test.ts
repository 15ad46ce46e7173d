import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../electron/store/store-error.ts';
import { makeTasks, SETTINGS, useStoreFixture } from './store-fixtures.ts';

/**
 * A data folder that cannot hold the store is refused with a StoreError that names it and says
 * what to do (the CLI turns it into exit 2: cli-data-folder.test.ts), and never hangs.
 */
const fixture = useStoreFixture();
const CHILD = fileURLToPath(new URL('./store-child.ts', import.meta.url));

function storeError(action: () => unknown): StoreError {
  try {
    action();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError, nothing was thrown');
}

describe('a data folder that cannot be used', () => {
  it('is a file, or lies under one', () => {
    const file = path.join(fixture.tempDir(), 'notes.txt');
    fs.writeFileSync(file, 'mine');
    expect(storeError(() => fixture.open(file))).toMatchObject({
      code: 'io',
      message: `Cannot keep runs in ${file}: ${file} is a file, not a folder. Choose a folder on a disk with --data DIR or PACER_DATA_DIR.`,
    });
    expect(storeError(() => fixture.open(path.join(file, 'a', 'b'))).message).toContain(`${file} is a file, so ${path.join(file, 'a', 'b')} cannot be a folder under it`);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
  });

  // Node's recursive mkdir spins forever on /proc/x (mkdir says ENOENT though /proc exists).
  it.skipIf(!fs.existsSync('/proc/self'))('is under /proc or /sys, refused at once', () => {
    for (const dir of ['/proc/pacer-test', '/proc/self/pacer/data', '/sys/pacer-test']) {
      expect(storeError(() => fixture.open(dir)), dir).toMatchObject({ code: 'io', message: expect.stringMatching(/virtual file system of the kernel/) });
    }
  }, 5_000);

  it('holds a named pipe where the database should be: refused, not opened (which would block forever)', () => {
    const dir = fixture.tempDir();
    const fifo = spawnSync('mkfifo', [path.join(dir, 'pacer.db')]);
    if (fifo.status !== 0) throw new Error(`mkfifo failed: ${fifo.stderr}`);
    expect(storeError(() => fixture.open(dir))).toMatchObject({ code: 'io', message: expect.stringContaining('is not a regular file (it is a named pipe)') });
  }, 5_000);

  it('has a folder where SQLite keeps its WAL: SQLite’s I/O error becomes a message that names the files', () => {
    const dir = fixture.tempDir();
    fs.mkdirSync(path.join(dir, 'pacer.db-wal'));
    const error = storeError(() => fixture.open(dir));
    expect(error.code).toBe('io');
    expect(error.message).toMatch(/^Cannot open .*pacer\.db: disk I\/O error \(SQLITE_IOERR_\w+\)\. Check that the folder is writable and that nothing else/);
    expect((error.cause as { code?: string }).code).toMatch(/^SQLITE_IOERR/);
  });

  it('has a folder where the lock file goes', () => {
    const dir = fixture.tempDir();
    fs.mkdirSync(path.join(dir, 'pacer.db.lock'));
    expect(storeError(() => fixture.open(dir))).toMatchObject({ code: 'io', message: expect.stringContaining('Cannot use the lock file') });
  });
});

describe('a stale -shm file', () => {
  it('is not left behind by Pacer itself', () => {
    const dir = fixture.tempDir();
    const first = fixture.open(dir);
    first.createRun({ id: 'r', settings: SETTINGS, tasks: makeTasks(2) });
    first.close();
    const again = fixture.open(dir); // the read-only probe of an existing file makes a -shm
    expect(fs.readdirSync(dir).sort()).toEqual(['pacer.db', 'pacer.db-wal', 'pacer.db.lock']);
    again.close();
    expect(fs.readdirSync(dir)).toEqual(['pacer.db']);
  });

  it('that is no usable file, next to the WAL of a crash, is removed and nothing recorded is lost', async () => {
    const dir = fixture.tempDir();
    const crash = spawn(process.execPath, [CHILD, 'crash', dir], { stdio: 'ignore' });
    await once(crash, 'exit');
    expect(fs.existsSync(path.join(dir, 'pacer.db-wal'))).toBe(true);
    const fifo = spawnSync('mkfifo', [path.join(dir, 'pacer.db-shm')]); // SQLite cannot map it: SQLITE_IOERR_SHMOPEN
    if (fifo.status !== 0) throw new Error(`mkfifo failed: ${fifo.stderr}`);

    const store = fixture.open(dir);
    expect(store.getTask('r1', 't1')).toMatchObject({ status: 'done', resultText: 'Paid for once.' });
    expect(fs.existsSync(path.join(dir, 'pacer.db-shm'))).toBe(false);
  });
});
