import { describe, expect, it } from 'vitest';
import { BackoffTimers } from '../../../electron/engine/backoff-timers.ts';
import { FakeClock } from '../../support/fake-clock.ts';

describe('BackoffTimers', () => {
  it('calls due after the delay, and counts tasks still waiting', async () => {
    const clock = new FakeClock();
    const timers = new BackoffTimers(clock);
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
    const timers = new BackoffTimers(clock);
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
});
