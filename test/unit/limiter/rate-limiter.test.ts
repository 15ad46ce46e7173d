import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../electron/engine/limiter/rate-limiter.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { grantTimes, harness, permitOf } from './limiter-harness.ts';

describe('RateLimiter: buckets', () => {
  it('a known limit with no burst learned yet sends one request, then one per 1/rpm', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000 });
    const calls = h.acquireMany(3, 1);
    await h.flush();
    expect(grantTimes(calls)).toEqual([0, undefined, undefined]);
    expect(calls[1]?.waits).toEqual([{ reason: 'requests', waitMs: 1_000 }]);
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    expect(grantTimes(calls)).toEqual([0, 1_000, 2_000]);
  });

  it('a pinned burst of a whole minute goes at once, then one request per 1/rpm', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: { requests: 60, tokens: 1_000_000 } });
    const calls = h.acquireMany(63, 1);
    await h.flush();
    expect(calls.filter((c) => c.permit).length).toBe(60);
    expect(calls[60]?.waits).toEqual([{ reason: 'requests', waitMs: 1_000 }]);
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    expect(grantTimes(calls.slice(60))).toEqual([1_000, 2_000, 3_000]);
  });

  it('needs room in both buckets: a token-bound request waits for tokens', async () => {
    const h = harness({ rpm: 1_000, tpm: 600, burst: { tokens: 600 } });
    const first = h.acquire(600);
    const second = h.acquire(100);
    await h.flush();
    expect(first.at).toBe(0);
    expect(second.permit).toBeUndefined();
    expect(second.waits).toEqual([{ reason: 'tokens', waitMs: 10_000 }]);
    await h.advance(9_999);
    expect(second.permit).toBeUndefined();
    await h.advance(1);
    expect(second.at).toBe(10_000);
  });

  it('admits a request larger than the whole bucket once the bucket is full, instead of starving it', async () => {
    const h = harness({ rpm: 1_000, tpm: 1_000, burst: { tokens: 1_000 } });
    const small = h.acquire(500);
    const huge = h.acquire(1_500);
    const after = h.acquire(100);
    await h.clock.runUntil(() => after.permit !== undefined);
    expect(small.at).toBe(0);
    expect(huge.at).toBe(30_000); // 500 more tokens at 1000/min: the bucket is full again
    // The huge request ran the bucket 500 into debt: 600 tokens must refill before the next.
    expect(after.at).toBe(30_000 + 36_000);
  });

  it('serves waiters strictly in FIFO order: a small request does not overtake a big one', async () => {
    const h = harness({ rpm: 1_000, tpm: 1_000, burst: { tokens: 1_000 } });
    h.acquire(1_000);
    const big = h.acquire(900);
    const small = h.acquire(10);
    await h.advance(1_000);
    // After 1 s there are ~16 tokens: enough for `small`, but `big` is ahead of it.
    expect(small.permit).toBeUndefined();
    await h.clock.runUntil(() => small.permit !== undefined);
    expect(big.at).toBe(54_000);
    expect(small.at).toBeGreaterThan(big.at ?? Infinity);
  });

  it("a pinned burst sizes the bucket", async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: { requests: 5, tokens: 1_000_000 } });
    const calls = h.acquireMany(7, 1);
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    expect(grantTimes(calls)).toEqual([0, 0, 0, 0, 0, 1_000, 2_000]);
  });

  it('keeps at most one timer, and none once idle', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: { requests: 1 } });
    const calls = h.acquireMany(10, 1);
    let most = 0;
    await h.clock.runUntil(() => {
      most = Math.max(most, h.clock.pending);
      return calls.every((c) => c.permit);
    });
    expect(most).toBe(1);
    expect(h.clock.pending).toBe(0);
    expect(h.limiter.waiting).toBe(0);
  });

  it('reports headroom for pool sizing', async () => {
    const h = harness({ rpm: 100, tpm: null, burst: { requests: 100 } });
    expect(h.limiter.headroom()).toEqual({ requests: 100, tokens: Infinity });
    h.acquireMany(1, 10);
    await h.flush();
    expect(h.limiter.headroom().requests).toBe(99);
  });
});

describe('RateLimiter: abort and close', () => {
  it('an aborted waiter rejects with the reason, leaves the queue, and the next is served on time', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: { requests: 1 } });
    const controller = new AbortController();
    const first = h.acquire(1);
    const aborted = h.acquire(1, { signal: controller.signal });
    const third = h.acquire(1);
    await h.advance(500);
    expect(h.limiter.waiting).toBe(2);
    const reason = new Error('task cancelled');
    controller.abort(reason);
    await h.flush();
    expect(aborted.error).toBe(reason);
    expect(h.limiter.waiting).toBe(1);
    await h.clock.runUntil(() => third.permit !== undefined);
    expect(first.at).toBe(0);
    expect(third.at).toBe(1_000); // takes the aborted waiter's turn, not its own later one
    expect(h.clock.pending).toBe(0);
  });

  it('aborting the only waiter clears the timer', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: { requests: 1 } });
    h.acquire(1);
    const controller = new AbortController();
    const waiting = h.acquire(1, { signal: controller.signal });
    await h.flush();
    expect(h.clock.pending).toBe(1);
    controller.abort(new Error('stop'));
    await h.flush();
    expect(waiting.error).toEqual(new Error('stop'));
    expect(h.clock.pending).toBe(0);
    expect(h.limiter.waiting).toBe(0);
  });

  it('leaves no abort listener behind once granted (a run-wide signal is shared by every acquire)', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: { requests: 1 } });
    const signal = new AbortController().signal;
    const calls = [h.acquire(1, { signal }), h.acquire(1, { signal }), h.acquire(1, { signal })];
    await h.flush();
    expect(getEventListeners(signal, 'abort')).toHaveLength(2);
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('rejects at once for a signal already aborted, and takes nothing from the bucket', async () => {
    const h = harness({ rpm: 1, tpm: 1_000_000 });
    const call = h.acquire(1, { signal: AbortSignal.abort('gone') });
    await h.flush();
    expect(call.error).toBe('gone');
    expect(h.limiter.headroom().requests).toBe(1);
  });

});

describe('RateLimiter: setLimits', () => {
  it('raising rpm mid-wait brings the next waiter sooner', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: { requests: 1 } });
    h.acquire(1);
    const next = h.acquire(1);
    await h.flush();
    expect(next.waits).toEqual([{ reason: 'requests', waitMs: 1_000 }]);
    h.limiter.setLimits({ rpm: 120 });
    await h.clock.runUntil(() => next.permit !== undefined);
    expect(next.at).toBe(500);
    expect(h.limiter.limits).toEqual({ rpm: 120, tpm: 1_000_000 });
  });

  it('lowering rpm caps what the bucket holds', async () => {
    const h = harness({ rpm: 600, tpm: 1_000_000, burst: { requests: 600, tokens: 1_000_000 } });
    h.limiter.setLimits({ rpm: 6 });
    const calls = h.acquireMany(8, 1);
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    expect(grantTimes(calls)).toEqual([0, 0, 0, 0, 0, 0, 10_000, 20_000]);
  });

  it('setting a limit to null goes back to discovery: one request at a time', async () => {
    const h = harness({ rpm: 600, tpm: 1_000_000 });
    h.limiter.setLimits({ rpm: null });
    expect(h.limiter.limits).toEqual({ rpm: null, tpm: 1_000_000 });
    const calls = h.acquireMany(3, 1);
    await h.advance(60_000);
    expect(calls.map((c) => c.permit !== undefined)).toEqual([true, false, false]);
    expect(calls[1]?.waits).toEqual([{ reason: 'concurrency', waitMs: 0 }]);
  });

  it('rejects a bad value, quoting it, and changes nothing', () => {
    const h = harness({ rpm: 60, tpm: 1_000 });
    expect(() => h.limiter.setLimits({ rpm: 120, tpm: -5 })).toThrow(/tpm .* got -5/);
    expect(() => h.limiter.setLimits({ rpm: Number.NaN })).toThrow(/rpm .* got NaN/);
    expect(h.limiter.limits).toEqual({ rpm: 60, tpm: 1_000 });
  });
});

describe('RateLimiter: validation', () => {
  it.each([
    [{ rpm: 0, tpm: null }, /rpm .* got 0/],
    [{ rpm: null, tpm: Infinity }, /tpm .* got Infinity/],
    [{ rpm: 10, tpm: 10, burst: { requests: 0 } }, /requests burst .* got 0/],
  ])('constructor rejects %j', (options, message) => {
    expect(() => new RateLimiter({ clock: new FakeClock(), ...options })).toThrow(message);
  });

  it('acquire rejects a negative token count, quoting it', async () => {
    const h = harness({ rpm: 10, tpm: 10 });
    await expect(h.limiter.acquire(-3)).rejects.toThrow('got -3');
  });

  it('coolDown rejects a wait that is not a finite, non-negative number', () => {
    const h = harness({ rpm: 10, tpm: 10 });
    expect(() => h.limiter.coolDown(-1)).toThrow('got -1');
    expect(() => h.limiter.coolDown(Number.POSITIVE_INFINITY)).toThrow('got Infinity');
  });

  it('settle refuses a permit settled twice', async () => {
    const h = harness({ rpm: 10, tpm: 10 });
    const call = h.acquire(1);
    await h.flush();
    h.limiter.settle(permitOf(call), { usedTokens: 1 });
    expect(() => h.limiter.settle(permitOf(call), { usedTokens: 1 })).toThrow(`Permit ${permitOf(call).id} is not held`);
  });

  it('settle rejects negative usedTokens, quoting it', async () => {
    const h = harness({ rpm: 10, tpm: 10 });
    const call = h.acquire(1);
    await h.flush();
    expect(() => h.limiter.settle(permitOf(call), { usedTokens: -2 })).toThrow('got -2');
  });
});

describe('RateLimiter: network delay margin', () => {
  it('shifts admissions once by the delay and keeps their rate', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: { requests: 2 }, networkDelayMs: 50 });
    const calls = h.acquireMany(4, 1);
    await h.advance(5_000);
    // Without the margin: 0, 0, 1000, 2000. Each grant needs 1.05 requests in the bucket (50 ms of
    // refill at 1/s in hand), so the second waits 50 ms and the rest keep the 1 s spacing.
    expect(calls.map((c) => c.at)).toEqual([0, 50, 1_050, 2_050]);
  });

  it('refuses a negative delay, quoting it', () => {
    expect(() => harness({ rpm: 60, tpm: null, networkDelayMs: -5 })).toThrow(/networkDelayMs .* got -5/);
  });
});
