import { describe, expect, it } from 'vitest';
import type { Harness } from './limiter-harness.ts';
import { grantTimes, harness, permitOf } from './limiter-harness.ts';

const spacing = (times: readonly (number | undefined)[]) => times.slice(1).map((t, i) => (t ?? NaN) - (times[i] ?? NaN));

/** A whole minute's burst pinned on both dimensions: the tests here are about the gate and 429s. */
const MINUTE = (rpm: number, tpm: number) => ({ rpm, tpm, burst: { requests: rpm, tokens: tpm } });

/** One request granted, then answered 429 the way the engine reports it: settle, then cool down. */
async function rejectOne(h: Harness, rateLimited: { limit?: 'requests' | 'tokens'; retryAfterMs?: number }, rateLimit = {}, tokens = 1): Promise<void> {
  const call = h.acquire(tokens);
  await h.flush();
  h.limiter.settle(permitOf(call), { rateLimit, rateLimited });
  h.limiter.coolDown(rateLimited.retryAfterMs ?? 0);
}

describe('RateLimiter: the shared cool-down', () => {
  it('releases 20 waiters one by one after a 429 on requests, 1 s apart at 60 rpm (no thundering herd)', async () => {
    const h = harness(MINUTE(60, 1_000_000));
    await rejectOne(h, { limit: 'requests', retryAfterMs: 1_000 });
    const calls = h.acquireMany(20, 1);
    let mostTimers = 0;
    await h.clock.runUntil(() => {
      mostTimers = Math.max(mostTimers, h.clock.pending);
      return calls.every((c) => c.permit);
    });
    const times = grantTimes(calls);
    expect(times[0]).toBe(1_000);
    expect(spacing(times)).toEqual(Array.from({ length: 19 }, () => 1_000));
    expect(mostTimers).toBe(1);
    expect(h.clock.pending).toBe(0);
  });

  it('a long cool-down with a one-request burst still releases one per second', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: { requests: 1, tokens: 1_000_000 } });
    h.limiter.coolDown(5_000);
    const calls = h.acquireMany(20, 1);
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    const times = grantTimes(calls);
    expect(times[0]).toBe(5_000);
    expect(spacing(times)).toEqual(Array.from({ length: 19 }, () => 1_000));
  });

  it('holds everyone while the gate is closed and tells waiters why', async () => {
    const h = harness(MINUTE(6_000, 1_000_000));
    h.limiter.coolDown(3_000);
    const calls = h.acquireMany(3, 1);
    await h.advance(2_999);
    expect(calls.some((c) => c.permit)).toBe(false);
    expect(calls[0]?.waits).toEqual([{ reason: 'cooldown', waitMs: 3_000 }]);
    await h.advance(1);
    // The buckets are full: the gate, not a bucket, was what held them.
    expect(grantTimes(calls)).toEqual([3_000, 3_000, 3_000]);
  });

  it('extends, never shortens, a gate already closed', async () => {
    const h = harness(MINUTE(6_000, 1_000_000));
    h.limiter.coolDown(10_000);
    h.limiter.coolDown(2_000);
    expect(h.limiter.coolDownRemaining()).toBe(10_000);
    await h.advance(4_000);
    expect(h.limiter.coolDownRemaining()).toBe(6_000);
    h.limiter.coolDown(8_000);
    expect(h.limiter.coolDownRemaining()).toBe(8_000);
    const call = h.acquire(1);
    await h.clock.runUntil(() => call.permit !== undefined);
    expect(call.at).toBe(12_000);
    expect(h.limiter.coolDownRemaining()).toBe(0);
  });

  it('moves the one timer when a cool-down arrives while the head waits on a bucket', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: { requests: 1, tokens: 1_000_000 } });
    h.acquire(1);
    const next = h.acquire(1);
    await h.advance(500);
    h.limiter.coolDown(4_000);
    expect(h.clock.pending).toBe(1);
    await h.clock.runUntil(() => next.permit !== undefined);
    expect(next.at).toBe(4_500);
    expect(next.waits.map((w) => w.reason)).toEqual(['requests', 'cooldown']);
  });
});

describe('RateLimiter: what a 429 teaches', () => {
  it('empties only the dimension the 429 named: a tokens 429 leaves requests alone and vice versa', async () => {
    const tokens = harness(MINUTE(60, 6_000));
    await rejectOne(tokens, { limit: 'tokens' }, {}, 100);
    expect(tokens.limiter.headroom()).toEqual({ requests: 59, tokens: 0 });

    const requests = harness(MINUTE(60, 6_000));
    await rejectOne(requests, { limit: 'requests' }, {}, 100);
    expect(requests.limiter.headroom()).toEqual({ requests: 0, tokens: 5_900 });
  });

  it('a 429 that names no limit empties both', async () => {
    const h = harness(MINUTE(60, 6_000));
    await rejectOne(h, {});
    expect(h.limiter.headroom()).toEqual({ requests: 0, tokens: 0 });
  });

  it('halves a learned burst once per wave: the other 429s of the same wave taught nothing new', async () => {
    const h = harness({ rpm: 600, tpm: 1_000_000, burst: { tokens: 1_000_000 } });
    const probe = h.acquire(1);
    await h.flush();
    // Eight successes with room reported: slow start grows the burst from 1 to 9.
    h.limiter.settle(permitOf(probe), { usedTokens: 1, rateLimit: { limitRequests: 600, remainingRequests: 500 } });
    for (let i = 0; i < 7; i++) {
      const call = h.acquire(1);
      await h.flush();
      h.limiter.settle(permitOf(call), { usedTokens: 1, rateLimit: { limitRequests: 600, remainingRequests: 500 } });
    }
    expect(h.limiter.shapes.requests).toEqual({ kind: 'learning', burst: 9 });
    await h.advance(1_000);
    const wave = h.acquireMany(3, 1);
    await h.flush();
    for (const call of wave) h.limiter.settle(permitOf(call), { rateLimit: { remainingRequests: 0 }, rateLimited: { limit: 'requests', retryAfterMs: 100 } });
    expect(h.limiter.shapes.requests).toEqual({ kind: 'learning', burst: 4.5 });
    // A request granted after the decrease is a new wave: its 429 halves again.
    await h.advance(1_000);
    await rejectOne(h, { limit: 'requests', retryAfterMs: 100 }, { remainingRequests: 0 });
    expect(h.limiter.shapes.requests).toEqual({ kind: 'learning', burst: 2.25 });
  });

  it('a 429 whose headers show room means a shorter period the server does not report: it is modelled at the rate', async () => {
    // 120 RPM "quantized" per second: the headers show a whole minute with room, the server takes 2 a second.
    const h = harness({ rpm: 120, tpm: 1_000_000, burst: { requests: 120, tokens: 1_000_000 } });
    await h.advance(300);
    const first = h.acquireMany(3, 1);
    await h.flush();
    h.limiter.settle(permitOf(first[2]!), { rateLimit: { remainingRequests: 118 }, rateLimited: { limit: 'requests', retryAfterMs: 700 } });
    h.limiter.coolDown(700);
    expect(h.limiter.headroom().requests).toBe(0);
    // Within that second nothing more; from its end (plus a margin) two per second, out of a
    // visible bucket that was not emptied.
    const calls = h.acquireMany(5, 1);
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    expect(grantTimes(calls)).toEqual([1_010, 1_010, 2_010, 2_010, 3_010]);
  });

  it('a guessed period proven too short by a 429 where the model had room grows tenfold', async () => {
    const h = harness({ rpm: 600, tpm: 1_000_000, burst: { requests: 600, tokens: 1_000_000 } });
    // retry-after 50 ms: the first guess is a 100 ms period holding one request (600 RPM × 0.1 s).
    await rejectOne(h, { limit: 'requests', retryAfterMs: 50 }, { remainingRequests: 590 });
    await h.advance(100);
    // The next request fits the guessed period, and the server still says 429: it counts a second.
    await rejectOne(h, { limit: 'requests', retryAfterMs: 850 }, { remainingRequests: 589 });
    const calls = h.acquireMany(11, 1);
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    // From the end the server named (100 ms + 850 ms, plus a margin): ten a second, each second's
    // worth at its start.
    expect(new Set(grantTimes(calls).slice(0, 10))).toEqual(new Set([960]));
    expect(calls[10]?.at).toBe(1_960);
  });

  it('a rejected permit is not refunded after the drain: the server said empty, and that already counted it', async () => {
    const h = harness(MINUTE(60, 1_000_000));
    const [rejected, aborted] = h.acquireMany(2, 1);
    await h.flush();
    h.limiter.settle(permitOf(rejected!), { rateLimited: { limit: 'requests' } });
    h.limiter.settle(permitOf(aborted!), { rejected: true });
    expect(h.limiter.headroom().requests).toBe(0);
  });

  it('a permit granted after the drain is still refunded when it never went out', async () => {
    const h = harness(MINUTE(60, 1_000_000));
    await rejectOne(h, { limit: 'requests' });
    await h.advance(2_000);
    const call = h.acquire(1);
    await h.flush();
    expect(h.limiter.headroom().requests).toBe(1);
    h.limiter.settle(permitOf(call), { rejected: true });
    expect(h.limiter.headroom().requests).toBe(2);
  });
});
