import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isSameProcess, ownIdentity, parseProcStat, procReader, processStatus } from '../../../electron/os/process-identity.ts';
import type { ProcReader } from '../../../electron/os/process-identity.ts';
import { StoreError } from '../../../electron/store/store-error.ts';
import { useStoreFixture } from './store-fixtures.ts';

/**
 * Who holds the lock file: a pid alone is not enough. A crashed Pacer that nobody reaps stays a
 * zombie (signal 0 still finds it), and a pid may later name an unrelated process. These tests
 * make both for real, so they need Linux's /proc; elsewhere they are skipped and say so.
 */
const fixture = useStoreFixture();
const CHILD = fileURLToPath(new URL('./store-child.ts', import.meta.url));
const hasProc = procReader().available;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function lockPath(dir: string): string {
  return path.join(dir, 'pacer.db.lock');
}

function writeLock(dir: string, holder: Record<string, unknown>): void {
  fs.writeFileSync(lockPath(dir), JSON.stringify({ startedAt: '2026-01-01T00:00:00.000Z', ...holder }));
}

async function liveProcess(command: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  await once(child, 'spawn');
  return child;
}

describe.skipIf(!hasProc)('the lock holder, told by /proc (Linux)', () => {
  it('takes over the lock of a crashed Pacer that is a zombie nobody reaps', async () => {
    const dir = fixture.tempDir();
    // sh starts the store child in the background, then becomes `sleep`, which never waits for
    // its children: the child SIGKILLs itself after writing, and stays a zombie.
    const parent = spawn('sh', ['-c', '"$0" "$1" crash "$2" & exec sleep 600 >/dev/null 2>&1', process.execPath, CHILD, dir], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(parent);
    // Only the child holds the pipe: its end means the child has died.
    parent.stdout!.resume();
    await once(parent.stdout!, 'end');

    const holder = JSON.parse(fs.readFileSync(lockPath(dir), 'utf8')) as { pid: number };
    expect(holder.pid).not.toBe(parent.pid);
    // The pipe closes while the child is still exiting; the kernel marks it a zombie a moment later.
    await expect.poll(() => parseProcStat(fs.readFileSync(`/proc/${holder.pid}/stat`, 'utf8'))?.state).toBe('Z'); // a real zombie
    expect(() => process.kill(holder.pid, 0)).not.toThrow(); // which signal 0 takes for alive

    const store = fixture.open(dir);
    expect(store.interruptedRunIds).toEqual(['r1']);
    expect(JSON.parse(fs.readFileSync(lockPath(dir), 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('takes over a lock whose pid now names another process, started at another time', async () => {
    const dir = fixture.tempDir();
    const unrelated = await liveProcess('sleep', ['600']);
    const status = processStatus(unrelated.pid!);
    if (status.kind !== 'running') throw new Error(`sleep ${unrelated.pid} is not running: ${status.kind}`);
    writeLock(dir, { ...ownIdentity(), pid: unrelated.pid, startTicks: String(Number(status.startTicks) - 1) });
    fixture.open(dir).close();
  });

  it('takes over a lock naming its own pid from before a restart (a container where Pacer always gets the same pid)', () => {
    const dir = fixture.tempDir();
    writeLock(dir, { ...ownIdentity(), startTicks: '1' });
    fixture.open(dir).close();
  });

  it('with a lock from an older Pacer (pid only): takes it over from a process that is not Pacer, not from one that may be', async () => {
    const dir = fixture.tempDir();
    const sleeper = await liveProcess('sleep', ['600']);
    writeLock(dir, { pid: sleeper.pid });
    fixture.open(dir).close();

    const node = await liveProcess(process.execPath, ['-e', 'setInterval(() => {}, 60_000)']);
    writeLock(dir, { pid: node.pid });
    const error = (() => {
      try {
        fixture.open(dir);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(`Another Pacer instance (pid ${node.pid}`);
  });

  it('keeps refusing while the holder it names is really there', async () => {
    const dir = fixture.tempDir();
    const store = fixture.open(dir);
    expect(() => fixture.open(dir)).toThrow(/This process \(pid \d+\) already has/);
    store.close();
  });
});

describe('isSameProcess', () => {
  const noProc: ProcReader = { available: false, read: () => undefined };
  const proc = (files: Record<string, string>): ProcReader => ({ available: true, read: (file) => files[file] });
  const stat = (state: string, startTicks: number) => `42 (pacer (main) Z) ${state} 1 42 42 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 ${startTicks} 0 0`;

  it('without /proc, falls back to signal 0: a live pid holds the lock, a dead one does not', () => {
    expect(isSameProcess({ pid: 42, startTicks: '100' }, noProc, () => true)).toBe(true);
    expect(isSameProcess({ pid: 42, startTicks: '100' }, noProc, () => false)).toBe(false);
  });

  it('reads state and start time after the last parenthesis, whatever the command name holds', () => {
    expect(parseProcStat(stat('S', 100))).toEqual({ state: 'S', startTicks: '100', command: 'pacer (main) Z' });
    expect(isSameProcess({ pid: 42, startTicks: '100' }, proc({ '42/stat': stat('S', 100) }), () => true)).toBe(true);
    expect(isSameProcess({ pid: 42, startTicks: '100' }, proc({ '42/stat': stat('Z', 100) }), () => true)).toBe(false);
    expect(isSameProcess({ pid: 42, startTicks: '100' }, proc({ '42/stat': stat('R', 101) }), () => true)).toBe(false);
  });

  it('compares start times only within one boot', () => {
    const files = { '42/stat': stat('S', 100), 'sys/kernel/random/boot_id': 'boot-b\n' };
    expect(isSameProcess({ pid: 42, startTicks: '100', bootId: 'boot-a' }, proc(files), () => true)).toBe(false);
    expect(isSameProcess({ pid: 42, startTicks: '100', bootId: 'boot-b' }, proc(files), () => true)).toBe(true);
  });

  it('counts a pid that /proc hides (hidepid) but signal 0 finds as the holder', () => {
    expect(isSameProcess({ pid: 42, startTicks: '100' }, proc({}), () => true)).toBe(true);
    expect(isSameProcess({ pid: 42, startTicks: '100' }, proc({}), () => false)).toBe(false);
  });
});
