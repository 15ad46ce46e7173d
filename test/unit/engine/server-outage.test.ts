import { describe, expect, it } from 'vitest';
import { ServerOutage } from '../../../electron/engine/server-outage.ts';
import { FakeClock } from '../../support/fake-clock.ts';

const OPTIONS = { probes: 3, baseDelayMs: 1_000, maxDelayMs: 3_000 };

describe('ServerOutage: one budget for the whole run', () => {
  it('opens growing windows, charges refusals inside a window nothing, and gives up after `probes` windows', async () => {
    const clock = new FakeClock();
    let windowsEnded = 0;
    const outage = new ServerOutage(clock, () => windowsEnded++, OPTIONS);
    const start = clock.now();
    expect(outage.refused()).toEqual({ kind: 'wait', until: start + 1_000 });
    // Five more tasks refused in the same moment are the same outage.
    for (let i = 0; i < 5; i++) expect(outage.refused()).toEqual({ kind: 'wait', until: start + 1_000 });
    expect(outage.holding).toBe(true);
    await clock.advance(1_000);
    expect(windowsEnded).toBe(1);
    expect(outage.holding).toBe(false);
    expect(outage.refused()).toEqual({ kind: 'wait', until: start + 3_000 });
    await clock.advance(2_000);
    expect(outage.refused()).toEqual({ kind: 'wait', until: start + 6_000 }); // capped at 3 s
    await clock.advance(3_000);
    expect(outage.refused()).toEqual({ kind: 'give_up', refusals: 4, sinceMs: 6_000 });
    expect(windowsEnded).toBe(3);
  });

  it('an answer from the server ends the outage and refills the budget', async () => {
    const clock = new FakeClock();
    const outage = new ServerOutage(clock, () => undefined, OPTIONS);
    outage.refused();
    await clock.advance(1_000);
    outage.refused();
    outage.reached();
    expect(outage.holding).toBe(false);
    expect(clock.pending).toBe(0);
    expect(outage.refused()).toEqual({ kind: 'wait', until: clock.now() + 1_000 });
  });

  it('a window ends when its timer fires, even one that fires before the clock reads its end (as a system timer may)', async () => {
    const clock = new FakeClock(1_700_000_000_000, { firesEarlyMs: 1 });
    const holdingAtWindowEnd: boolean[] = [];
    const outage = new ServerOutage(clock, () => holdingAtWindowEnd.push(outage.holding), OPTIONS);
    const { until } = outage.refused() as { until: number };
    await clock.runUntil(() => holdingAtWindowEnd.length > 0);
    expect(clock.now()).toBeLessThan(until);
    // Whoever the end wakes may send: a window still holding here would hold with no timer left.
    expect(holdingAtWindowEnd).toEqual([false]);
    expect(outage.refused()).toEqual({ kind: 'wait', until: clock.now() + 2_000 });
  });

  it('refuses options that are not whole numbers of 1 or more, quoting the value', () => {
    expect(() => new ServerOutage(new FakeClock(), () => undefined, { ...OPTIONS, probes: 0 })).toThrow('Outage option probes must be a whole number of 1 or more, got 0');
  });
});
