import { describe, expect, it } from 'vitest';
import { BackoffTimers } from '../../../electron/engine/backoff-timers.ts';
import { FakeClock } from '../../support/fake-clock.ts';

describe('BackoffTimers', () => {
  it('calls due after the delay, and counts tasks still waiting', async () => {
    const clock = new FakeClock();
    const timers = new BackoffTimers(clock, (error) => { throw error; });
    const due: string[] = [];
    timers.wait('a', 1_000, () => due.push('a'));
    timers.wait('b', 2_000, () => due.push('b'));
    expect(timers.size).toBe(2);
    await clock.advance(1_000);
    expect(due).toEqual(['a']);
    expect(timers.size).toBe(1);
    await clock.advance(1_000);
    expect(due).toEqual(['a', 'b']);
    expect(timers.size).toBe(0);
  });

  it('end() stops one wait without calling due; endAll() stops the rest; no timer is left', async () => {
    const clock = new FakeClock();
    const timers = new BackoffTimers(clock, (error) => { throw error; });
    const due: string[] = [];
    for (const id of ['a', 'b', 'c']) timers.wait(id, 1_000, () => due.push(id));
    expect(timers.end('b')).toBe(true);
    expect(timers.end('b')).toBe(false);
    timers.endAll();
    await clock.advance(5_000);
    expect(due).toEqual([]);
    expect(timers.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('hands an error thrown by a due callback to onError: a timer has no caller to throw to', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    const timers = new BackoffTimers(clock, (error) => errors.push(error));
    const failure = new Error('database or disk is full');
    timers.wait('a', 1_000, () => {
      throw failure;
    });
    await clock.advance(1_000);
    expect(errors).toEqual([failure]);
    expect(timers.size).toBe(0);
  });

  it('refuses a second wait for a task already waiting', () => {
    const timers = new BackoffTimers(new FakeClock(), () => undefined);
    timers.wait('a', 1_000, () => undefined);
    expect(() => timers.wait('a', 1_000, () => undefined)).toThrow(/already waiting/);
    timers.endAll();
  });
});
