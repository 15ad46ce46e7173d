import { describe, expect, it } from 'vitest';
import { LimitDimension } from '../../../electron/engine/limiter/limit-dimension.ts';

/**
 * What one process offers every process sharing its quota: a fixed window only once two windows'
 * ends confirmed its length. The server here: 1,200 RPM in fixed 5 s windows of 100 aligned on
 * 0, where another process was first into the first window (so it looked like 95, 4.75 s).
 */
const WINDOW_MS = 5_000;

function answer(dimension: LimitDimension, grantedAt: number, remaining: number, inFlight = 0) {
  const charge = dimension.grant(1, grantedAt);
  const arrival = grantedAt + 3;
  const resetMs = Math.ceil(arrival / WINDOW_MS) * WINDOW_MS - arrival;
  dimension.observe({ limit: 1_200, remaining, resetMs, conclusive: true, succeeded: true, charge, grantedAt, inFlight }, grantedAt + 250);
}

describe('LimitDimension.sharedShape', () => {
  it('shares a fixed window only once its length is confirmed, and then as the server counts it', () => {
    const dimension = new LimitDimension('requests', 1_200, 1_000);
    // First window: another process took 5 first; ours see 94, 93, 92, 91.
    for (const [i, at] of [1_000, 1_400, 1_800, 2_200].entries()) answer(dimension, at, 94 - i);
    expect(dimension.shape).toMatchObject({ kind: 'window' });
    expect(dimension.sharedShape(2_500).shape?.kind).toBe('bucket');
    // Second window: ours first.
    for (const [i, at] of [5_100, 5_500].entries()) answer(dimension, at, 99 - i);
    const shared = dimension.sharedShape(5_800).shape;
    expect(shared).toMatchObject({ kind: 'window', lengthMs: 5_000 });
    // Its windows end where the server's do (a little after, never before).
    expect(shared?.kind === 'window' && shared.phaseMs).toBeGreaterThanOrEqual(0);
    expect(shared?.kind === 'window' && shared.phaseMs).toBeLessThan(500);
  });
});
