import { describe, expect, it } from 'vitest';
import { ExportJobs } from '../../../electron/app/export-jobs.ts';
import { ExportError } from '../../../electron/export/export-error.ts';
import { FakeClock, flushMicrotasks } from '../../support/fake-clock.ts';

function settled<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error: unknown) => Object.assign(state, { error, done: true }),
  );
  return state;
}

const forever = () => new Promise<never>(() => undefined);

describe('ExportJobs', () => {
  it('gives up on a job that makes no progress for the stall time, with a timeout that names the folder', async () => {
    const clock = new FakeClock();
    const jobs = new ExportJobs({ clock, stallMs: 30_000 });
    const job = settled(jobs.run('run\0/mnt/share', 'e1', '/mnt/share', forever));
    await clock.advance(29_999);
    expect(job.done).toBe(false);
    await clock.advance(1);
    expect(job.error).toBeInstanceOf(ExportError);
    expect((job.error as ExportError).code).toBe('timeout');
    expect((job.error as ExportError).message).toContain('The export to /mnt/share made no progress for 30 s');
  });

  it('lets a job that keeps making progress run as long as it needs', async () => {
    const clock = new FakeClock();
    const jobs = new ExportJobs({ clock, stallMs: 30_000 });
    let progress = () => undefined as void;
    let finish = (_: string) => undefined as void;
    const job = settled(
      jobs.run('k', undefined, '/out', ({ progress: p }) => {
        progress = p;
        return new Promise<string>((resolve) => (finish = resolve));
      }),
    );
    for (let i = 0; i < 10; i++) {
      await clock.advance(20_000);
      progress();
    }
    finish('done');
    await flushMicrotasks();
    expect(job.value).toBe('done');
  });

  it('cancels a job by its id at once, even one stuck in a call that never returns', async () => {
    const jobs = new ExportJobs({ clock: new FakeClock() });
    let signal: AbortSignal | undefined;
    const job = settled(jobs.run('k', 'e1', '/out', (j) => ((signal = j.signal), forever())));
    await flushMicrotasks();
    expect(jobs.cancel('e1', '/out')).toBe(true);
    await flushMicrotasks();
    expect((job.error as ExportError).code).toBe('cancelled');
    expect(signal?.aborted).toBe(true);
    expect(jobs.cancel('e1', '/out')).toBe(false);
  });

  it('runs jobs on different keys side by side, one key one at a time, and a stuck job given up frees its key', async () => {
    const clock = new FakeClock();
    const jobs = new ExportJobs({ clock, stallMs: 1_000 });
    const started: string[] = [];
    const stuck = settled(jobs.run('a', 'stuck', '/a', () => (started.push('stuck'), forever())));
    const other = settled(jobs.run('b', 'other', '/b', async () => (started.push('other'), 'b done')));
    const next = settled(jobs.run('a', 'next', '/a', async () => (started.push('next'), 'a done')));
    await flushMicrotasks();
    expect(other.value).toBe('b done');
    expect(started).toEqual(['stuck', 'other']);
    expect(next.done).toBe(false);
    await clock.advance(1_000);
    expect((stuck.error as ExportError).code).toBe('timeout');
    await flushMicrotasks();
    expect(next.value).toBe('a done');
  });
});
