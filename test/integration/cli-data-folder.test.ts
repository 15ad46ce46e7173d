import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRunStore } from '../../electron/store/open-database.ts';
import { looksLikeACrash, runCli } from '../support/cli-process.ts';

/**
 * A data folder the CLI cannot use: a clear "pacer: …" line and exit 2, never a stack trace and
 * exit 70, never a hang. A read-only folder and a full disk are made for real with small tmpfs
 * mounts, which needs root (as in CI's container); without it those two tests are skipped and say so.
 */
const dirs: string[] = [];
const mounts: string[] = [];
afterEach(() => {
  for (const mount of mounts.splice(0)) spawnSync('umount', ['-l', mount]);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-cli-data-'));
  dirs.push(dir);
  return dir;
}

function topics(dir: string, count: number): string {
  const file = path.join(dir, 'topics.txt');
  fs.writeFileSync(file, Array.from({ length: count }, (_, i) => `Disk topic ${i + 1}`).join('\n'));
  return file;
}

/** A tmpfs of `size` at a new folder, or undefined where mounting is not allowed. */
function tmpfs(size: string, readOnly = false): string | undefined {
  const dir = tempDir();
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
  if (mounted.status !== 0) return undefined;
  mounts.unshift(dir);
  return dir;
}

const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-mount-probe-'));
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  fs.rmSync(probe, { recursive: true, force: true });
  return ok;
})();
const NEEDS_MOUNT = 'a real tmpfs: needs root and mount(8), skipped otherwise';

const FAST_SIM = ['--sim-rpm', '100000', '--sim-tpm', '100000000'];

function expectUsable(result: Awaited<ReturnType<typeof runCli>>, message: RegExp): void {
  expect(result.hung, 'the CLI hung').toBe(false);
  expect(looksLikeACrash(result), `${result.stdout}\n${result.stderr}`).toBe(false);
  expect(result.stderr).toMatch(message);
  expect(result.code).toBe(2);
}

describe('pacer with a data folder it cannot use', () => {
  it('--data naming a file: exit 2, says so', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'mine');
    expectUsable(await runCli(['run', topics(dir, 2), '--data', file, '--out', path.join(dir, 'out')]), /^pacer: Cannot keep runs in .*notes\.txt: .*notes\.txt is a file, not a folder\./m);
    expectUsable(await runCli(['runs', '--data', path.join(file, 'sub')]), /is a file, so .* cannot be a folder under it/);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
  });

  it.skipIf(!fs.existsSync('/proc/self'))('--data /proc/x: exit 2 at once, no hang', async () => {
    const dir = tempDir();
    for (const args of [['run', topics(dir, 2), '--out', path.join(dir, 'out')], ['runs'], ['export', 'abcdef', '--out', path.join(dir, 'out')]]) {
      expectUsable(await runCli([...args, '--data', '/proc/x'], {}, 15_000), /^pacer: Cannot keep runs in \/proc\/x: \/proc is on procfs, a virtual file system/m);
    }
  });

  it('SQLite failing with an I/O error (a folder where its WAL goes): exit 2, names the files', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    fs.mkdirSync(path.join(data, 'pacer.db-wal'), { recursive: true });
    expectUsable(await runCli(['run', topics(dir, 2), '--data', data, '--out', path.join(dir, 'out')]), /^pacer: Cannot open .*pacer\.db: disk I\/O error \(SQLITE_IOERR_\w+\)/m);
  });

  it.skipIf(!canMount)(`a read-only folder: exit 2, says it is read-only (${NEEDS_MOUNT})`, async () => {
    const readOnly = tmpfs('64k', true)!;
    const dir = tempDir();
    expectUsable(await runCli(['run', topics(dir, 2), '--data', readOnly, '--out', path.join(dir, 'out')]), /Cannot keep runs in .*: could not write to it: the file system is read-only/);
    expectUsable(await runCli(['run', topics(dir, 2), '--data', path.join(readOnly, 'sub'), '--out', path.join(dir, 'out')]), /could not create .*sub: the file system is read-only/);
  });

  it.skipIf(!canMount)(`a disk that fills up mid-run: stops with "disk full", exit 2, loses nothing, resumes (${NEEDS_MOUNT})`, async () => {
    const disk = tmpfs('1200k')!;
    const dir = tempDir();
    const data = path.join(disk, 'data');
    const out = path.join(dir, 'out');
    const first = await runCli(['run', topics(dir, 80), '--data', data, '--out', out, '--max-tokens', '300', '--workers', '16', ...FAST_SIM], {}, 60_000);
    expectUsable(first, /^$/); // the reason goes to the summary on stdout
    expect(first.stdout).toMatch(/Reason: Pacer stopped the run: disk full: Pacer could not write to .*pacer\.db \(SQLITE_FULL\)\. The run stopped; everything recorded before is kept\./);
    const runId = /Resume with: npm run cli -- resume ([0-9a-f]+)/.exec(first.stdout)?.[1];
    expect(runId).toBeDefined();
    const doneBefore = [...first.stdout.matchAll(/^done {4}(.+?) \(/gm)].map((match) => match[1]);
    expect(doneBefore.length, first.stdout).toBeGreaterThan(0); // the disk filled mid-run, not before it
    expect(doneBefore.length, first.stdout).toBeLessThan(80);

    expect(spawnSync('mount', ['-o', 'remount,size=64m', disk]).status).toBe(0);
    const resumed = await runCli(['resume', runId!, '--data', data], {}, 60_000);
    expect(looksLikeACrash(resumed), resumed.stderr).toBe(false);
    expect(resumed.code, `${resumed.stdout}\n${resumed.stderr}`).toBe(0);

    const store = openRunStore(data);
    try {
      const tasks = store.getTasks(store.listRuns()[0]!.id);
      expect(tasks.filter((task) => task.status === 'done')).toHaveLength(80);
      // What was done before the disk filled was kept, not paid for again.
      for (const topic of doneBefore) expect(tasks.find((task) => task.topic === topic)?.attempts, topic).toBe(1);
    } finally {
      store.close();
    }
    expect(fs.readdirSync(out).filter((name) => name.endsWith('.md'))).toHaveLength(80);
  }, 150_000);
});
