import { describe, expect, it } from 'vitest';
import type { DimensionLimit } from '../../electron/providers/simulator/dimension-limit.ts';
import { dimensionLimit } from '../../electron/providers/simulator/dimension-limit.ts';
import type { LimitShape } from '../../electron/providers/simulator/limit-shape.ts';
import { KeyLimits } from '../../electron/providers/simulator/limits.ts';
import { resolveOptions } from '../../electron/providers/simulator/options.ts';
import { seededRandom } from '../../electron/providers/simulator/seeded-random.ts';

/** A start on no window boundary, so alignment is tested rather than assumed. */
const T0 = 1_700_000_000_123;

const SHAPES: LimitShape[] = [
  { kind: 'bucket', burstSeconds: 60 },
  { kind: 'bucket', burstSeconds: 10 },
  { kind: 'bucket', burstSeconds: 0.5 },
  { kind: 'window', seconds: 1 },
  { kind: 'window', seconds: 10 },
  { kind: 'window', seconds: 60 },
  { kind: 'quantized', periodMs: 1000 },
  { kind: 'quantized', periodMs: 100 },
];
const name = (shape: LimitShape) => JSON.stringify(shape);

describe('simulator limit shapes: the wait a 429 states is exactly when the request gets in', () => {
  it.each(SHAPES.map((shape) => [name(shape), shape] as const))('%s, for random limits, costs and histories', (_, shape) => {
    const random = seededRandom(99);
    for (let round = 0; round < 300; round++) {
      const limit = [6, 60, 120, 1_000, 90_000][Math.floor(random() * 5)] as number;
      const unit = Math.max(1, Math.floor(limit / 50));
      const limitModel = dimensionLimit(limit, shape, T0);
      let now = T0;
      // Random traffic first: charges (admitted or strict-rejected alike) at random gaps.
      for (let i = Math.floor(random() * 40); i > 0; i--) {
        now += Math.floor(random() * 700);
        limitModel.charge(1 + Math.floor(random() * unit * 3), now);
      }
      const cost = 1 + Math.floor(random() * unit * 3);
      const wait = limitModel.waitMs(cost, now);
      expect(Number.isInteger(wait)).toBe(true);
      if (wait > 0) expect(limitModel.waitMs(cost, now + wait - 1), `one ms early, limit ${limit}, cost ${cost}`).toBeGreaterThan(0);
      expect(limitModel.waitMs(cost, now + wait), `on time, limit ${limit}, cost ${cost}`).toBe(0);
    }
  });
});

/** Admits as many unit requests as the model allows at each ms from T0 for `ms`, greedily. */
function greedyAdmissions(model: DimensionLimit, ms: number, cost = 1): number[] {
  const times: number[] = [];
  let now = T0;
  while (now < T0 + ms) {
    const wait = model.waitMs(cost, now);
    if (wait === 0) {
      model.charge(cost, now);
      times.push(now);
    } else now += wait;
  }
  return times;
}

describe('simulator limit shapes: what each admits', () => {
  it('a bucket: the burst at once, then one unit per limit/60 s', () => {
    const times = greedyAdmissions(dimensionLimit(120, { kind: 'bucket', burstSeconds: 10 }, T0), 5_000);
    // 20 at once, then one every 500 ms: 9 more within 5 s.
    expect(times.filter((t) => t === T0)).toHaveLength(20);
    expect(times.slice(20).map((t) => t - T0)).toEqual([500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500]);
  });

  it('fixed windows: limit × S / 60 per clock-aligned window, nothing carried over', () => {
    const times = greedyAdmissions(dimensionLimit(120, { kind: 'window', seconds: 10 }, T0), 25_000);
    const windows = new Map<number, number>();
    for (const t of times) windows.set(Math.floor(t / 10_000), (windows.get(Math.floor(t / 10_000)) ?? 0) + 1);
    expect([...windows.values()]).toEqual([20, 20, 20]);
    // The second batch starts exactly on the boundary after T0, not 10 s after it.
    expect(times[20]).toBe(Math.ceil(T0 / 10_000) * 10_000);
  });

  it('fixed windows whose allowance is below one request still pass one per window', () => {
    // 30 RPM per 1 s window is half a request: one goes in each of the 4 windows 3 s from an unaligned start touch.
    const times = greedyAdmissions(dimensionLimit(30, { kind: 'window', seconds: 1 }, T0), 3_000);
    expect(times.map((t) => Math.floor(t / 1000) - Math.floor(T0 / 1000))).toEqual([0, 1, 2, 3]);
  });

  it('quantized: at most limit × q / 60 per sub-window, and never more than the minute bucket', () => {
    // 1,200 RPM enforced per second: 20 per second, although the headers show a 1,200 bucket.
    const perSecond = greedyAdmissions(dimensionLimit(1_200, { kind: 'quantized', periodMs: 1000 }, T0), 3_000);
    const bySecond = new Map<number, number>();
    for (const t of perSecond) bySecond.set(Math.floor(t / 1000), (bySecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...bySecond.values())).toBe(20);
    // Per 100 ms at 60 RPM: 0.1 of a request, so one per sub-window until the minute bucket (60) is empty.
    const fine = greedyAdmissions(dimensionLimit(60, { kind: 'quantized', periodMs: 100 }, T0), 10_000);
    expect(fine.slice(0, 60).every((t, i) => i === 0 || Math.floor(t / 100) > Math.floor((fine[i - 1] as number) / 100))).toBe(true);
    expect(fine.length).toBe(60 + 9);
  });

  it('quantized tokens: a request larger than the sub-window allowance passes when the sub-window is empty', () => {
    // 6,000 TPM per 100 ms: 10 tokens per sub-window; a 25-token request must still pass, once per sub-window.
    const model = dimensionLimit(6_000, { kind: 'quantized', periodMs: 100 }, T0);
    const times = greedyAdmissions(model, 1_000, 25);
    expect(times.length).toBeGreaterThanOrEqual(9);
    expect(new Set(times.map((t) => Math.floor(t / 100))).size).toBe(times.length);
  });
});

describe('simulator headers per shape', () => {
  it('a bucket reports floor(level) and the time until full', () => {
    const model = dimensionLimit(60, { kind: 'bucket', burstSeconds: 60 }, T0);
    model.charge(3, T0);
    expect(model.report(T0 + 500)).toEqual({ remaining: 57, resetMs: 2_500, used: 3 });
  });

  it('a window reports what is left in it and the time to its end', () => {
    const model = dimensionLimit(600, { kind: 'window', seconds: 10 }, T0);
    model.charge(30, T0);
    const end = Math.ceil(T0 / 10_000) * 10_000;
    expect(model.report(T0)).toEqual({ remaining: 70, resetMs: end - T0, used: 30 });
    // At the boundary the count starts again and the reset is a whole window.
    expect(model.report(end)).toEqual({ remaining: 100, resetMs: 10_000, used: 0 });
  });

  it('quantized reports a whole-minute bucket, hiding the sub-window', () => {
    const model = dimensionLimit(6_000, { kind: 'quantized', periodMs: 1000 }, T0);
    for (let i = 0; i < 100; i++) model.charge(1, T0);
    expect(model.report(T0)).toEqual({ remaining: 5_900, resetMs: 1_000, used: 100 });
    expect(model.waitMs(1, T0)).toBe(Math.ceil(T0 / 1000) * 1000 - T0);
  });
});

describe('admission across both dimensions', () => {
  const limits = (options: Parameters<typeof resolveOptions>[0]) => new KeyLimits(resolveOptions(options), T0);

  it('waits for the later of the two, and names the dimension that binds', () => {
    const key = limits({ rpm: 60, tpm: 600, shape: { requests: { kind: 'window', seconds: 10 }, tokens: { kind: 'bucket', burstSeconds: 60 } } });
    expect(key.admit(500, T0, false)).toEqual({ ok: true });
    const second = key.admit(500, T0, false);
    // Tokens: 100 left, 400 missing at 10 per second = 40 s; the requests window has room.
    expect(second).toMatchObject({ ok: false, kind: 'rate_limited', type: 'tokens', limit: 600, used: 500, requested: 500, waitMs: 40_000 });
    expect(key.admit(500, T0 + 39_999, false)).toMatchObject({ ok: false, waitMs: 1 });
    expect(key.admit(500, T0 + 40_000, false)).toEqual({ ok: true });
  });

  it('strict charging: a rejection uses the window, and the stated wait still admits', () => {
    const key = limits({ rpm: 60, tpm: null, chargeRejected: true, shape: { requests: { kind: 'window', seconds: 1 } } });
    expect(key.admit(1, T0, true)).toEqual({ ok: true });
    const end = Math.ceil(T0 / 1000) * 1000;
    const rejected = key.admit(1, T0, true);
    expect(rejected).toMatchObject({ ok: false, used: 1, waitMs: end - T0 });
    expect(key.headers(T0, 'openai')['x-ratelimit-remaining-requests']).toBe('0');
    expect(key.admit(1, end, true)).toEqual({ ok: true });
  });

  it('strict charging on quantized limits: the debt lands in the minute bucket and the sub-window', () => {
    const key = limits({ rpm: 60, tpm: null, chargeRejected: true, shape: { requests: { kind: 'quantized', periodMs: 1000 } } });
    expect(key.admit(1, T0, true)).toEqual({ ok: true });
    // Second request in the same second: rejected by the sub-window, and charged to the bucket too.
    expect(key.admit(1, T0, true)).toMatchObject({ ok: false, waitMs: Math.ceil(T0 / 1000) * 1000 - T0 });
    expect(key.headers(T0, 'openai')['x-ratelimit-remaining-requests']).toBe('58');
  });
});
