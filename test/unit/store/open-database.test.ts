import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ownIdentity } from '../../../electron/os/process-identity.ts';
import { LATEST_SCHEMA_VERSION } from '../../../electron/store/migrations.ts';
import { StoreError } from '../../../electron/store/store-error.ts';
import { makeTasks, SETTINGS, useStoreFixture } from './store-fixtures.ts';

const fixture = useStoreFixture();
const CHILD = fileURLToPath(new URL('./store-child.ts', import.meta.url));
const NOW = Date.UTC(2026, 10, 29, 10, 15, 30, 123);
const STAMP = '2026-11-29T10-15-30-123Z';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startChild(mode: 'crash' | 'exit' | 'hold', dir: string): ChildProcess {
  const child = spawn(process.execPath, [CHILD, mode, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

async function runChild(mode: 'crash' | 'exit', dir: string): Promise<{ pid: number; code: number | null; signal: string | null; stderr: string }> {
  const child = startChild(mode, dir);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return { pid: child.pid ?? -1, code, signal, stderr };
}

async function holdingChild(dir: string): Promise<ChildProcess> {
  const child = startChild('hold', dir);
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before opening the store: ${err}`)));
  });
  return child;
}

function storeError(action: () => unknown): StoreError {
  try {
    action();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError, nothing was thrown');
}

/** Creates a Pacer database with one run in `dir`, closed. */
function seed(dir: string, tasks = 3): string {
  const store = fixture.open(dir);
  store.createRun({ id: 'seed', settings: SETTINGS, tasks: makeTasks(tasks) });
  store.close();
  return path.join(dir, 'pacer.db');
}

describe('openRunStore', () => {
  it('creates the folder, a WAL database at the latest version and a lock file it removes on close', () => {
    const dir = path.join(fixture.tempDir(), 'nested', 'data');
    const store = fixture.open(dir, { now: () => NOW });
    expect(store.path).toBe(path.join(dir, 'pacer.db'));
    expect(JSON.parse(fs.readFileSync(`${store.path}.lock`, 'utf8'))).toEqual({ ...ownIdentity(), startedAt: '2026-11-29T10:15:30.123Z' });
    expect(store.interruptedRunIds).toEqual([]);
    expect(store.movedAside).toBeNull();
    store.close();
    store.close();
    expect(fs.readdirSync(dir)).toEqual(['pacer.db']);
    const db = new Database(store.path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('keeps a file that is not a database aside, says where, and starts empty only on the next open', () => {
    const dir = fixture.tempDir();
    const dbPath = path.join(dir, 'pacer.db');
    fs.writeFileSync(dbPath, 'these are not the bytes you are looking for\n'.repeat(200));
    fs.writeFileSync(`${dbPath}-wal`, 'not a WAL either');
    const original = fs.readFileSync(dbPath);

    const error = storeError(() => fixture.open(dir, { now: () => NOW }));
    const movedTo = `${dbPath}.corrupt-${STAMP}`;
    expect(error.code).toBe('corrupt');
    expect(error.message).toBe(
      `${dbPath} is not a readable Pacer database (SQLITE_NOTADB: file is not a database). It was kept aside as ${movedTo}; ` +
        `nothing was overwritten. Open Pacer again to start with an empty run history, or first put a backup in its place.`,
    );
    expect(error.movedTo).toBe(movedTo);
    expect(fs.readFileSync(movedTo)).toEqual(original);
    expect(fs.readFileSync(`${movedTo}-wal`, 'utf8')).toBe('not a WAL either');
    // Only the kept-aside files remain (the probe's read-only connection may have added a -shm to them).
    expect(fs.readdirSync(dir).filter((name) => !name.startsWith(`pacer.db.corrupt-${STAMP}`))).toEqual([]);

    const fresh = fixture.open(dir, { now: () => NOW });
    expect(fresh.listRuns()).toEqual([]);
    expect(fresh.movedAside).toBeNull();
  });

  it('with move-aside-and-create, detects a damaged page, keeps the file and reports it', () => {
    const dir = fixture.tempDir();
    const dbPath = seed(dir, 300);
    const bytes = fs.readFileSync(dbPath);
    bytes.fill(0xab, 4_096 * 3, 4_096 * 5); // two pages of the tasks table
    fs.writeFileSync(dbPath, bytes);

    const store = fixture.open(dir, { now: () => NOW, onCorrupt: 'move-aside-and-create' });
    const movedTo = `${dbPath}.corrupt-${STAMP}`;
    expect(store.movedAside).toMatchObject({ from: dbPath, to: movedTo });
    expect(store.movedAside?.message).toMatch(
      new RegExp(`^${escape(dbPath)} was not a readable Pacer database \\((integrity check failed: Tree \\d+ page|SQLITE_CORRUPT)[^\\n]*\\)\\. It was kept aside as ${escape(movedTo)}; Pacer started with an empty run history\\.$`),
    );
    expect(fs.readFileSync(movedTo)).toEqual(bytes);
    expect(store.listRuns()).toEqual([]);
  });

  it('treats another SQLite file as not a Pacer database', () => {
    const dir = fixture.tempDir();
    const foreign = new Database(path.join(dir, 'pacer.db'));
    foreign.exec('CREATE TABLE notes (body TEXT)');
    foreign.close();
    const error = storeError(() => fixture.open(dir, { now: () => NOW }));
    expect(error.code).toBe('corrupt');
    expect(error.message).toContain('(not a Pacer database: application_id 0, 1 schema objects)');
  });

  it('refuses a database from a newer Pacer and leaves it byte for byte', () => {
    const dir = fixture.tempDir();
    const dbPath = seed(dir);
    const newer = new Database(dbPath);
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    newer.close();
    const before = fs.readFileSync(dbPath);

    const error = storeError(() => fixture.open(dir));
    expect(error.code).toBe('newer_version');
    expect(error.message).toBe(
      `${dbPath} was written by a newer version of Pacer (schema version ${LATEST_SCHEMA_VERSION + 1}; this version knows up to ` +
        `${LATEST_SCHEMA_VERSION}). Update Pacer to open it. The file was left untouched.`,
    );
    expect(fs.readFileSync(dbPath)).toEqual(before);
    expect(fs.existsSync(`${dbPath}.lock`)).toBe(false);
  });
});

describe('one writer at a time', () => {
  it('refuses a second open in the same process', () => {
    const dir = fixture.tempDir();
    fixture.open(dir);
    const error = storeError(() => fixture.open(dir));
    expect(error.code).toBe('locked');
    expect(error.message).toMatch(/^This process \(pid \d+\) already has .*pacer\.db open; close that store before opening it again\.$/);
  });

  it('refuses while another instance has it open, by the lock file and, without it, by SQLite', async () => {
    const dir = fixture.tempDir();
    const dbPath = path.join(dir, 'pacer.db');
    const child = await holdingChild(dir);
    const holder = JSON.parse(fs.readFileSync(`${dbPath}.lock`, 'utf8')) as { pid: number; startedAt: string };
    expect(holder.pid).toBe(child.pid);

    const byLockFile = storeError(() => fixture.open(dir));
    expect(byLockFile.code).toBe('locked');
    expect(byLockFile.message).toBe(
      `Another Pacer instance (pid ${child.pid}, started ${holder.startedAt}) is using ${dbPath}. ` +
        `Close it and try again; if no Pacer is running, delete ${dbPath}.lock.`,
    );

    fs.unlinkSync(`${dbPath}.lock`); // a user who deleted the lock file while Pacer runs
    const bySqlite = storeError(() => fixture.open(dir, { busyTimeoutMs: 100 }));
    expect(bySqlite.code).toBe('locked');
    expect(bySqlite.message).toBe(`Another process holds ${dbPath} locked. Close any other Pacer or database tool using it and try again.`);
    expect(fs.existsSync(`${dbPath}.lock`)).toBe(false);

    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(fixture.open(dir).listRuns()).toEqual([]);
  });

  it('takes over a lock whose process is gone, or that was left empty', async () => {
    const dir = fixture.tempDir();
    const dbPath = path.join(dir, 'pacer.db');
    const gone = spawn(process.execPath, ['-e', '']);
    await once(gone, 'exit');
    fs.writeFileSync(`${dbPath}.lock`, JSON.stringify({ pid: gone.pid, startedAt: '2026-01-01T00:00:00.000Z' }));
    fixture.open(dir).close();
    expect(fs.existsSync(`${dbPath}.lock`)).toBe(false);

    fs.writeFileSync(`${dbPath}.lock`, '');
    const store = fixture.open(dir);
    expect(JSON.parse(fs.readFileSync(`${dbPath}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    store.close();
  });
});

describe('after a crash or a quit', () => {
  it('after SIGKILL: takes over the stale lock, keeps what was done and re-queues only what was in flight', async () => {
    const dir = fixture.tempDir();
    const dbPath = path.join(dir, 'pacer.db');
    const crash = await runChild('crash', dir);
    expect(crash).toMatchObject({ signal: 'SIGKILL', stderr: '' });
    expect(JSON.parse(fs.readFileSync(`${dbPath}.lock`, 'utf8'))).toMatchObject({ pid: crash.pid });

    const store = fixture.open(dir);
    expect(store.interruptedRunIds).toEqual(['r1']);
    expect(store.getRun('r1')).toMatchObject({ status: 'interrupted', counts: { done: 1, queued: 2, running: 0, waiting: 0 } });
    expect(store.getTask('r1', 't1')).toMatchObject({ status: 'done', resultText: 'Paid for once.', attempts: 1 });
    expect(store.getAttempts('r1', 't1').map((a) => a.status)).toEqual(['ok']);
    expect(store.getTask('r1', 't2')).toMatchObject({ status: 'queued', attempts: 1 });
    expect(store.getAttempts('r1', 't2').map((a) => a.status)).toEqual(['interrupted']);
    expect(store.tasksToResume('r1').map((t) => t.id)).toEqual(['t2', 't3']);
  });

  it('after an exit without close: the lock is gone, the WAL checkpointed, the run interrupted', async () => {
    const dir = fixture.tempDir();
    const quit = await runChild('exit', dir);
    expect(quit).toMatchObject({ code: 0, stderr: '' });
    expect(fs.readdirSync(dir)).toEqual(['pacer.db']);
    const store = fixture.open(dir);
    expect(store.interruptedRunIds).toEqual(['r1']);
    expect(store.getAttempts('r1', 't1').map((a) => a.status)).toEqual(['interrupted']);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
