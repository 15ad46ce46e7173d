import { describe, expect, it } from 'vitest';
import { LimitDimension } from '../../../electron/engine/limiter/limit-dimension.ts';

/**
 * The probe's answer at 120 RPM (2 a second), as servers of each shape write it by hand: what it
 * lets go at once. Headers that show less than a minute at once tell the server's true burst;
 * headers that show a whole minute prove nothing (a quantized server shows one and admits 2 a second).
 */
function probeAnswer(remaining: number, resetMs: number, answeredAt: number): LimitDimension {
  const dimension = new LimitDimension('requests', 120, 0);
  const charge = dimension.grant(1, 0);
  dimension.observe({ limit: 120, remaining, resetMs, conclusive: true, succeeded: true, charge, grantedAt: 0, inFlight: 0 }, answeredAt);
  return dimension;
}

describe('LimitDimension: a burst the headers show', () => {
  it('a 1 s window of 2 with 400 ms left: the one left goes now, nothing beyond it', () => {
    const dimension = probeAnswer(1, 400, 250);
    expect(dimension.headroom(250)).toBe(1);
    expect(dimension.msUntil(1, 250)).toBe(0);
  });

  it('a bucket of 20 someone else had drawn on: what it has left goes at once', () => {
    expect(probeAnswer(15, 2_500, 250).headroom(250)).toBeCloseTo(15, 0);
  });

  it('a bucket that was full (its reset is what the probe takes to refill): slow start, one more request', () => {
    expect(probeAnswer(19, 500, 250).headroom(250)).toBeLessThanOrEqual(2);
  });

  it('headers of a whole minute: slow start goes on, one more request and no more', () => {
    expect(probeAnswer(119, 500, 250).headroom(250)).toBeLessThanOrEqual(2);
  });
});
