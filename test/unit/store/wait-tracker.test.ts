import { describe, expect, it } from 'vitest';
import { WaitTracker } from '../../../electron/store/wait-tracker.ts';

describe('WaitTracker', () => {
  it('reports no wait for a task that announced none', () => {
    expect(new WaitTracker().waitBefore('r', 't', 1_000)).toEqual({ waitBeforeMs: 0, source: null });
  });

  it('measures from the first announcement and keeps the source of the longest planned wait', () => {
    const waits = new WaitTracker();
    waits.note('r', 't', 1_000, 500, 'backoff');
    waits.note('r', 't', 1_500, 3_000, 'cooldown');
    waits.note('r', 't', 4_500, 200, 'limiter');
    expect(waits.waitBefore('r', 't', 4_700)).toEqual({ waitBeforeMs: 3_700, source: 'cooldown' });
  });

  it('keeps tasks and runs apart and forgets them', () => {
    const waits = new WaitTracker();
    waits.note('r1', 't', 0, 10, 'limiter');
    waits.note('r2', 't', 0, 20, 'retry_after');
    waits.note('r2', 'u', 0, 30, 'backoff');
    expect(waits.waitBefore('r2', 't', 50).source).toBe('retry_after');
    waits.forget('r1', 't');
    expect(waits.size).toBe(2);
    waits.forgetRun('r2');
    expect(waits.size).toBe(0);
  });
});
