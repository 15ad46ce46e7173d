import { describe, expect, it } from 'vitest';
import type { ShapeObservation } from '../../../electron/engine/limiter/shape-detector.ts';
import { ShapeDetector } from '../../../electron/engine/limiter/shape-detector.ts';

/**
 * Observations as a server of each shape reports them, written out by hand from the definitions
 * in provider-behaviour.md (not from the limiter's own arithmetic): 60 RPM, one request each.
 */
const RATE_PER_MS = 60 / 60_000;

/** A continuous bucket of capacity 10 at 1/s, full at 0; request i granted at grantTimes[i]. */
function bucketObservations(grantTimes: readonly number[]): ShapeObservation[] {
  let level = 10;
  let at = 0;
  return grantTimes.map((grantedAt, i) => {
    level = Math.min(10, level + (grantedAt - at) * RATE_PER_MS) - 1;
    at = grantedAt;
    return { grantedAt, mark: i + 1, amount: 1, remaining: Math.floor(level), resetMs: Math.round((10 - level) / RATE_PER_MS) };
  });
}

/** Fixed 10 s windows of 10 requests, aligned on 0, with `offset` ms into a window at the start. */
function windowObservations(grantTimes: readonly number[]): ShapeObservation[] {
  const used = new Map<number, number>();
  return grantTimes.map((grantedAt, i) => {
    const index = Math.floor(grantedAt / 10_000);
    used.set(index, (used.get(index) ?? 0) + 1);
    return { grantedAt, mark: i + 1, amount: 1, remaining: 10 - (used.get(index) ?? 0), resetMs: (index + 1) * 10_000 - grantedAt };
  });
}

function detect(observations: readonly ShapeObservation[]): ShapeDetector {
  const detector = new ShapeDetector();
  for (const seen of observations) detector.observe(seen, RATE_PER_MS);
  return detector;
}

describe('ShapeDetector', () => {
  it('one response proves nothing either way', () => {
    expect(detect(bucketObservations([0])).shape).toEqual({ kind: 'unknown' });
    expect(detect(windowObservations([3_000])).shape).toEqual({ kind: 'unknown' });
  });

  it('a bucket: the moment it is full moves later by 1/rate per request', () => {
    expect(detect(bucketObservations([0, 300, 310, 600])).shape).toEqual({ kind: 'bucket' });
  });

  it('a fixed window: the end stays put while remaining counts down; its allowance is what the first request found', () => {
    const shape = detect(windowObservations([3_000, 3_300, 3_310, 3_600])).shape;
    expect(shape).toEqual({ kind: 'window', end: 10_000, allowance: 10, lengthMs: undefined, lengthExact: false, jitterMs: 0 });
  });

  it('two requests of one window whose end a bucket would have moved by a whole unit (1 s here) settle it; a weaker pair needs another', () => {
    expect(detect(windowObservations([9_000, 9_500])).shape).toMatchObject({ kind: 'window', end: 10_000 });
    // 1,000 units a second: a bucket would have moved its end by 200 ms, a signal but no proof.
    const fast = new ShapeDetector();
    fast.observe({ grantedAt: 0, mark: 1, amount: 200, remaining: 800, resetMs: 9_000 }, 1);
    fast.observe({ grantedAt: 10, mark: 201, amount: 200, remaining: 600, resetMs: 8_990 }, 1);
    expect(fast.shape).toEqual({ kind: 'unknown' });
  });

  it('learns the window length from two windows seen one after the other, snapped to what the allowance implies', () => {
    const shape = detect(windowObservations([3_000, 3_300, 3_600, 10_004, 10_300])).shape;
    expect(shape).toMatchObject({ kind: 'window', end: 20_000, lengthMs: 10_000 });
  });

  it('keeps the allowance and length an earlier window showed when another process was first into the next one', () => {
    const ours = windowObservations([3_000, 3_300, 3_600, 10_004, 10_300, 10_600, 20_004, 20_300]);
    // In the second and third windows another process on the quota sent 3 requests before ours.
    const shared = ours.map((seen) => (seen.grantedAt >= 10_000 ? { ...seen, remaining: seen.remaining - 3 } : seen));
    expect(detect(shared).shape).toMatchObject({ kind: 'window', end: 30_000, allowance: 10, lengthMs: 10_000 });
  });

  it('takes the whole seconds the ends show apart for the length when the first window looked short and the ends are noisy', () => {
    const ours = windowObservations([3_000, 3_300, 3_600, 10_004, 10_300]);
    // Another process sent one request first in the first window (so 9 seemed its allowance, 9 s
    // at this rate), and the second window's answers reached the server 15 ms later than usual.
    const seen = ours.map((o) => (o.grantedAt < 10_000 ? { ...o, remaining: o.remaining - 1 } : { ...o, resetMs: o.resetMs - 15 }));
    expect(detect(seen).shape).toMatchObject({ kind: 'window', lengthMs: 10_000 });
  });

  it('ends a loaded machine saw 350 ms further apart than 10 s still confirm 10 s windows, exactly', () => {
    const ours = windowObservations([3_000, 3_300, 3_600, 10_004, 10_300]);
    // The first window's answers came back quick, the second's slow: their ends look 10.35 s apart.
    const seen = ours.map((o) => (o.grantedAt < 10_000 ? { ...o, resetMs: o.resetMs - 350 } : o));
    expect(detect(seen).shape).toMatchObject({ kind: 'window', lengthMs: 10_000, lengthExact: true });
  });

  it('answers that arrive out of order vote the same way', () => {
    const [a, b, c, d] = windowObservations([3_000, 3_300, 3_310, 3_600]);
    expect(detect([a!, d!, c!, b!]).shape).toMatchObject({ kind: 'window', allowance: 10 });
    const [e, f, g, h] = bucketObservations([0, 300, 310, 600]);
    expect(detect([e!, h!, g!, f!]).shape).toEqual({ kind: 'bucket' });
  });

  it('requests too close together to tell a moving end from noise do not vote', () => {
    // 6,000 RPM: a bucket would move its end by only 10 ms per request.
    const detector = new ShapeDetector();
    detector.observe({ grantedAt: 0, mark: 1, amount: 1, remaining: 99, resetMs: 10 }, 6_000 / 60_000);
    detector.observe({ grantedAt: 1, mark: 2, amount: 1, remaining: 98, resetMs: 19 }, 6_000 / 60_000);
    expect(detector.shape).toEqual({ kind: 'unknown' });
  });
});
