import { describe, expect, it } from 'vitest';
import { grantTimes, harness, permitOf } from './limiter-harness.ts';

const spacing = (times: readonly (number | undefined)[]) => times.slice(1).map((t, i) => (t ?? NaN) - (times[i] ?? NaN));

describe('RateLimiter: the shared cool-down', () => {
  it('releases 20 waiters one by one after a requests cool-down, 1 s apart at 60 rpm (no thundering herd)', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000 });
    h.limiter.coolDown(1_000, 'requests'); // a 429 on requests: the bucket is empty
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

  it('a long cool-down with a one-second burst still releases one per second', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burstSeconds: 1 });
    h.limiter.coolDown(5_000, 'requests');
    const calls = h.acquireMany(20, 1);
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    const times = grantTimes(calls);
    expect(times[0]).toBe(5_000);
    expect(spacing(times)).toEqual(Array.from({ length: 19 }, () => 1_000));
  });

  it('drains the named bucket: a tokens-only cool-down leaves requests alone and vice versa', async () => {
    // Without the drain the full request bucket would release all 20 the moment the gate opens.
    const h = harness({ rpm: 60, tpm: 1_000_000 });
    h.limiter.coolDown(1_000, 'tokens');
    const calls = h.acquireMany(20, 1);
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    expect(new Set(grantTimes(calls))).toEqual(new Set([1_000]));
    expect(h.limiter.headroom().tokens).toBeLessThan(1_000_000 / 60 + 1); // drained, then 1 s of refill
  });

  it('with no limit named, drains both buckets', () => {
    const h = harness({ rpm: 60, tpm: 6_000 });
    h.limiter.coolDown(2_000);
    expect(h.limiter.headroom()).toEqual({ requests: 0, tokens: 0 });
  });

  it('holds everyone while the gate is closed and tells waiters why', async () => {
    const h = harness({ rpm: 6_000, tpm: 1_000_000 });
    h.limiter.coolDown(3_000, 'requests');
    const calls = h.acquireMany(3, 1);
    await h.advance(2_999);
    expect(calls.some((c) => c.permit)).toBe(false);
    expect(calls[0]?.waits).toEqual([{ reason: 'cooldown', waitMs: 3_000 }]);
    await h.advance(1);
    // 3 s of refill at 100/s is plenty: the gate, not the bucket, was what held them.
    expect(grantTimes(calls)).toEqual([3_000, 3_000, 3_000]);
  });

  it('extends, never shortens, a gate already closed', async () => {
    const h = harness({ rpm: 6_000, tpm: 1_000_000 });
    h.limiter.coolDown(10_000, 'requests');
    h.limiter.coolDown(2_000, 'requests');
    expect(h.limiter.coolDownRemaining()).toBe(10_000);
    await h.advance(4_000);
    expect(h.limiter.coolDownRemaining()).toBe(6_000);
    h.limiter.coolDown(8_000, 'requests');
    expect(h.limiter.coolDownRemaining()).toBe(8_000);
    const call = h.acquire(1);
    await h.clock.runUntil(() => call.permit !== undefined);
    expect(call.at).toBe(12_000);
    expect(h.limiter.coolDownRemaining()).toBe(0);
  });

  it('moves the one timer when a cool-down arrives while the head waits on a bucket', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burstSeconds: 1 });
    h.acquire(1);
    const next = h.acquire(1);
    await h.advance(500);
    h.limiter.coolDown(4_000, 'requests');
    expect(h.clock.pending).toBe(1);
    await h.clock.runUntil(() => next.permit !== undefined);
    expect(next.at).toBe(4_500);
    expect(next.waits.map((w) => w.reason)).toEqual(['requests', 'cooldown']);
  });

  it('a rejected permit is not refunded after the drain: the server said empty, and that already counted it', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000 });
    const call = h.acquire(1);
    await h.flush();
    // The engine's order for a 429: cool down, then settle. The other order must agree.
    h.limiter.coolDown(0, 'requests');
    h.limiter.settle(permitOf(call), { rejected: true });
    expect(h.limiter.headroom().requests).toBe(0);

    const other = harness({ rpm: 60, tpm: 1_000_000 });
    const call2 = other.acquire(1);
    await other.flush();
    other.limiter.settle(permitOf(call2), { rejected: true });
    other.limiter.coolDown(0, 'requests');
    expect(other.limiter.headroom().requests).toBe(0);
  });

  it('a permit granted after the drain is still refunded when rejected', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000 });
    h.limiter.coolDown(0, 'requests');
    await h.advance(2_000);
    const call = h.acquire(1);
    await h.flush();
    expect(h.limiter.headroom().requests).toBe(1);
    h.limiter.settle(permitOf(call), { rejected: true });
    expect(h.limiter.headroom().requests).toBe(2);
  });
});
