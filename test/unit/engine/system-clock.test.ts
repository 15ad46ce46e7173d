import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, systemClock } from '../../../electron/engine/clock.ts';

// Node's setTimeout takes at most 2^31 - 1 ms; a longer delay fires after 1 ms. vitest's fake
// timers behave the same way, so these tests see what a real overflow would do.
describe('systemClock.sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('E: waits the whole of a delay longer than setTimeout can take, in steps no timer overflows on', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const days30 = 30 * 24 * 3_600_000;
    let resolved = false;
    void systemClock.sleep(days30).then(() => (resolved = true));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(days30 - 60_001);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(resolved).toBe(true);
    const delays = spy.mock.calls.map((call) => call[1] ?? 0);
    expect(delays.length).toBeGreaterThan(1);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(MAX_TIMER_MS).toBe(2 ** 31 - 1);
  });

  it('an abort ends a long wait at once, whichever step it is in', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(2 ** 32, controller.signal);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS + 10);
    controller.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
    expect(vi.getTimerCount()).toBe(0);
  });
});
