import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BurstControl } from '../../../electron/engine/limiter/burst-control.ts';

describe('BurstControl', () => {
  it('starts at the first request and doubles per round of successes in slow start, up to the ceiling', () => {
    const burst = new BurstControl(60);
    burst.atLeast(1);
    expect(burst.burst).toBe(1);
    const added: number[] = [];
    // Each success adds what it carried: a round of N successes doubles a burst of N.
    for (let round = 0; round < 7; round++) {
      const n = burst.burst;
      for (let i = 0; i < n; i++) added.push(burst.grow(1));
    }
    expect(burst.burst).toBe(60);
    expect(added.reduce((a, b) => a + b, 0)).toBe(59);
    expect(burst.mode).toBe('slow-start');
  });

  it('ends slow start at a burst the headers showed: the jump is room now, later growth is not', () => {
    const burst = new BurstControl(120);
    burst.atLeast(1);
    expect(burst.adopt(20)).toBe(19);
    expect(burst.burst).toBe(20);
    expect(burst.mode).toBe('avoidance');
    const now: number[] = [];
    for (let i = 0; i < 20; i++) now.push(burst.grow(1));
    expect(now.every((n) => n === 0)).toBe(true);
    expect(burst.burst).toBe(21);
    // Only slow start adopts: after a 429, or when pinned, headers do not raise the burst.
    expect(burst.adopt(60)).toBe(0);
    const pinned = new BurstControl(120, 5);
    expect(pinned.adopt(20)).toBe(0);
    expect(pinned.burst).toBe(5);
  });

  it('halves once per wave on a 429, then grows by one request per burst of successes without adding room now', () => {
    const burst = new BurstControl(100);
    burst.atLeast(1);
    for (let i = 0; i < 15; i++) burst.grow(1);
    expect(burst.burst).toBe(16);
    // Three 429s of one wave: permits granted up to mark 40, before the first decrease.
    expect(burst.shrink(1, 38, 40)).toBe(true);
    expect(burst.shrink(1, 39, 40)).toBe(false);
    expect(burst.shrink(1, 40, 40)).toBe(false);
    expect(burst.burst).toBe(8);
    expect(burst.mode).toBe('avoidance');
    const now: number[] = [];
    for (let i = 0; i < 8; i++) now.push(burst.grow(1));
    expect(now.every((n) => n === 0)).toBe(true);
    expect(burst.burst).toBe(9);
    // A 429 of a permit granted after the decrease is a new wave.
    expect(burst.shrink(1, 41, 45)).toBe(true);
    expect(burst.burst).toBe(4.5);
  });

  it('never shrinks below the rejected request itself', () => {
    const burst = new BurstControl(90_000);
    burst.atLeast(2_000);
    expect(burst.shrink(2_000, 2_000, 2_000)).toBe(true);
    expect(burst.burst).toBe(2_000);
  });

  it('a pinned burst neither grows nor shrinks, and is capped by the ceiling', () => {
    const burst = new BurstControl(60, 10);
    expect(burst.grow(1)).toBe(0);
    expect(burst.shrink(1, 1, 1)).toBe(false);
    expect(burst.burst).toBe(10);
    burst.setCeiling(6);
    expect(burst.burst).toBe(6);
    burst.setCeiling(60);
    expect(burst.burst).toBe(10);
  });

  it('never exceeds its ceiling and never drops below one request, whatever happens', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('grow' as const), amount: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant('shrink' as const), amount: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant('ceiling' as const), amount: fc.integer({ min: 50, max: 5_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const burst = new BurstControl(1_000);
        burst.atLeast(1);
        let granted = 0;
        for (const s of steps) {
          granted += 1;
          if (s.kind === 'grow') burst.grow(s.amount);
          else if (s.kind === 'shrink') burst.shrink(s.amount, granted, granted);
          else burst.setCeiling(s.amount);
          expect(burst.burst).toBeLessThanOrEqual(burst.ceiling);
          expect(burst.burst).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });
});
