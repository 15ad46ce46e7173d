import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders } from '../../../electron/engine/limiter/rate-limit-headers.ts';
import type { RateLimitSnapshot } from '../../../shared/domain/rate-limit.ts';
import { grantTimes, harness, OPENAI_SAMPLE_HEADERS, permitOf } from './limiter-harness.ts';

const OPENAI_HEADERS = parseRateLimitHeaders(OPENAI_SAMPLE_HEADERS);
/** A whole minute's burst pinned, so a test of the header arithmetic is not one of slow start. */
const MINUTE = { requests: 60, tokens: 1_000_000 };

describe('RateLimiter: discovering unknown limits', () => {
  it('admits one request at a time until a response brings the limits, then learns them', async () => {
    const h = harness({ rpm: null, tpm: null });
    const learned: unknown[] = [];
    h.limiter.onLearned((change) => change.limits && learned.push(h.limiter.limits));
    const calls = h.acquireMany(4, 24);
    await h.advance(10_000);
    expect(calls.map((c) => c.permit !== undefined)).toEqual([true, false, false, false]);
    expect(calls[3]?.waits).toEqual([{ reason: 'concurrency', waitMs: 0 }]);

    h.limiter.settle(permitOf(calls[0]!), { usedTokens: 24, rateLimit: OPENAI_HEADERS });
    await h.flush();
    expect(learned).toEqual([{ rpm: 5000, tpm: 160_000 }]);
    expect(h.limiter.limits).toEqual({ rpm: 5000, tpm: 160_000 });
    // Slow start: the probe's success proves a burst of two; the next waits for refill (12 ms at
    // 5,000 RPM), not for a whole minute's worth the headers never promised.
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    expect(grantTimes(calls)).toEqual([0, 10_000, 10_000, 10_012]);
  });

  it('starts the learned bucket from remaining plus what refilled since the permit', async () => {
    const h = harness({ rpm: null, tpm: 1_000_000 });
    const calls = h.acquireMany(3, 1);
    await h.advance(500);
    h.limiter.settle(permitOf(calls[0]!), { usedTokens: 1, rateLimit: { limitRequests: 60, remainingRequests: 0 } });
    await h.clock.runUntil(() => calls.every((c) => c.permit));
    // Empty when the server answered at 0 ms, half a request refilled by 500 ms: next at 1000 ms.
    expect(grantTimes(calls)).toEqual([0, 1_000, 2_000]);
  });

  it('a completed response without the header (Ollama) means unlimited from then on', async () => {
    const h = harness({ rpm: null, tpm: null });
    const learned: unknown[] = [];
    h.limiter.onLearned((change) => change.limits && learned.push(h.limiter.limits));
    const first = h.acquire(10);
    await h.flush();
    h.limiter.settle(permitOf(first), { usedTokens: 10, rateLimit: parseRateLimitHeaders({ 'content-type': 'application/json' }) });
    const rest = h.acquireMany(50, 10);
    await h.flush();
    expect(rest.every((c) => c.at === 0)).toBe(true);
    expect(h.limiter.limits).toEqual({ rpm: null, tpm: null });
    expect(learned).toEqual([]);
  });

  it('a failure without headers proves nothing: discovery goes on with the next request', async () => {
    const h = harness({ rpm: null, tpm: null });
    const calls = h.acquireMany(3, 10);
    await h.flush();
    // A 429 or a proxy's 502 often has no rate-limit headers; the engine settles it without usedTokens.
    h.limiter.settle(permitOf(calls[0]!), { rateLimit: {} });
    await h.flush();
    expect(calls.map((c) => c.permit !== undefined)).toEqual([true, true, false]);
    h.limiter.settle(permitOf(calls[1]!), { rejected: true, rateLimit: {} });
    await h.flush();
    expect(calls[2]?.permit).toBeDefined();
    expect(h.limiter.waiting).toBe(0);
  });

  it('learns a limit that shows up later, after a dimension was taken as unlimited', async () => {
    const h = harness({ rpm: null, tpm: 1_000_000, burst: { tokens: 1_000_000 } });
    const first = h.acquire(1);
    await h.flush();
    h.limiter.settle(permitOf(first), { usedTokens: 1, rateLimit: {} });
    const burst = h.acquireMany(5, 1);
    await h.flush();
    expect(burst.every((c) => c.at === 0)).toBe(true);
    h.limiter.settle(permitOf(burst[0]!), { usedTokens: 1, rateLimit: { limitRequests: 60, remainingRequests: 10 } });
    expect(h.limiter.limits.rpm).toBe(60);
    // The probe and the four still out went at once: the burst is five now, one success on. What
    // may go next waits for refill: the four are not answered yet.
    expect(h.limiter.headroom().requests).toBe(0);
    expect(h.limiter.shapes.requests).toEqual({ kind: 'learning', burst: 5 });
  });

  it('a limit the user sets during discovery starts below full by what is in flight', async () => {
    const h = harness({ rpm: null, tpm: 1_000_000 });
    h.acquireMany(2, 1);
    await h.flush();
    h.limiter.setLimits({ rpm: 60 });
    await h.flush();
    // The permit in flight is the first burst; the waiting one follows at the rate.
    expect(h.limiter.headroom().requests).toBe(0);
    expect(h.limiter.waiting).toBe(1);
    await h.advance(1_000);
    expect(h.limiter.waiting).toBe(0);
  });

  it('with rpm known and tpm unknown, still one request at a time until tokens are learned', async () => {
    const h = harness({ rpm: 600, tpm: null });
    const calls = h.acquireMany(3, 100);
    await h.advance(1_000);
    expect(calls.map((c) => c.permit !== undefined)).toEqual([true, false, false]);
    h.limiter.settle(permitOf(calls[0]!), { usedTokens: 100, rateLimit: { limitTokens: 10_000, remainingTokens: 9_900 } });
    await h.flush();
    expect(h.limiter.limits).toEqual({ rpm: 600, tpm: 10_000 });
    expect(calls.every((c) => c.permit)).toBe(true);
  });
});

describe('RateLimiter: learning when limits are set', () => {
  it("takes the server's limit when it is lower than the user's, and says so", async () => {
    const h = harness({ rpm: 10_000, tpm: 1_000_000 });
    const learned: unknown[] = [];
    h.limiter.onLearned((change) => change.limits && learned.push(h.limiter.limits));
    const call = h.acquire(24);
    await h.flush();
    h.limiter.settle(permitOf(call), { usedTokens: 24, rateLimit: OPENAI_HEADERS });
    expect(h.limiter.limits).toEqual({ rpm: 5000, tpm: 160_000 });
    expect(learned).toEqual([{ rpm: 5000, tpm: 160_000 }]);
  });

  it("keeps the user's limit when it is lower, without an event", async () => {
    const h = harness({ rpm: 100, tpm: 10_000 });
    const learned: unknown[] = [];
    h.limiter.onLearned((change) => change.limits && learned.push(h.limiter.limits));
    const call = h.acquire(24);
    await h.flush();
    h.limiter.settle(permitOf(call), { usedTokens: 24, rateLimit: OPENAI_HEADERS });
    expect(h.limiter.limits).toEqual({ rpm: 100, tpm: 10_000 });
    expect(learned).toEqual([]);
  });

  it('does not announce the same learned limit twice', async () => {
    const h = harness({ rpm: 10_000, tpm: 1_000_000, burst: { requests: 10_000, tokens: 1_000_000 } });
    let announcements = 0;
    h.limiter.onLearned((change) => change.limits && announcements++);
    const calls = h.acquireMany(3, 24);
    await h.flush();
    for (const call of calls) h.limiter.settle(permitOf(call), { usedTokens: 24, rateLimit: OPENAI_HEADERS });
    expect(announcements).toBe(1);
  });

  it("lowers the local level to the server's remaining, counting refill and what was granted after the permit", async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: MINUTE });
    const first = h.acquire(1);
    await h.flush();
    h.acquireMany(10, 1); // granted after `first`: the server has not seen them when it answered `first`
    await h.advance(1_000);
    // Local: 60 - 11 + 1 refilled = 50. The server (shared with another client) said 20 remained.
    expect(h.limiter.headroom().requests).toBeCloseTo(50, 9);
    h.limiter.settle(permitOf(first), { usedTokens: 1, rateLimit: { limitRequests: 60, remainingRequests: 20 } });
    // 20 + 1 refilled since the permit - 10 granted after it = 11.
    expect(h.limiter.headroom().requests).toBeCloseTo(11, 9);
  });

  it('keeps its level when concurrent requests reached the server out of order', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: MINUTE });
    const calls = h.acquireMany(10, 1);
    await h.flush();
    // The first permit was admitted after permits 2–5 overtook it: the server counted five.
    h.limiter.settle(permitOf(calls[0]!), { usedTokens: 1, rateLimit: { limitRequests: 60, remainingRequests: 55 } });
    expect(h.limiter.headroom().requests).toBe(50);
  });

  it('never raises the local level from a header: other permits may be in flight', async () => {
    const h = harness({ rpm: 60, tpm: 1_000_000, burst: MINUTE });
    const calls = h.acquireMany(40, 1);
    await h.flush();
    // The last permit answers first, from a server that has seen only it: 59 left by its count.
    h.limiter.settle(permitOf(calls[39]!), { usedTokens: 1, rateLimit: { limitRequests: 60, remainingRequests: 59 } });
    expect(h.limiter.headroom().requests).toBe(20);
  });

  it('corrects tokens the same way', async () => {
    const h = harness({ rpm: 1_000, tpm: 60_000, burst: { requests: 1_000, tokens: 60_000 } });
    const first = h.acquire(1_000);
    const second = h.acquire(2_000);
    await h.flush();
    h.limiter.settle(permitOf(first), { usedTokens: 1_000, rateLimit: { limitTokens: 60_000, remainingTokens: 30_000 } });
    expect(h.limiter.headroom().tokens).toBe(28_000);
    expect(second.permit).toBeDefined();
  });
});

describe('RateLimiter: settling reservations', () => {
  const settleAndMeasure = async (outcome: { usedTokens?: number; rejected?: boolean; rateLimit?: RateLimitSnapshot }) => {
    const h = harness({ rpm: 60, tpm: 6_000, burst: { requests: 60, tokens: 6_000 } });
    const call = h.acquire(1_000);
    await h.flush();
    h.limiter.settle(permitOf(call), outcome);
    return h.limiter.headroom();
  };

  it('a rejected request gets its request and tokens back', async () => {
    expect(await settleAndMeasure({ rejected: true })).toEqual({ requests: 60, tokens: 6_000 });
  });

  it('refunds unused tokens', async () => {
    expect(await settleAndMeasure({ usedTokens: 400 })).toEqual({ requests: 59, tokens: 5_600 });
  });

  it('charges tokens used beyond the reservation', async () => {
    expect(await settleAndMeasure({ usedTokens: 1_500 })).toEqual({ requests: 59, tokens: 4_500 });
  });

  it('leaves the reservation as it is when usage is unknown', async () => {
    expect(await settleAndMeasure({})).toEqual({ requests: 59, tokens: 5_000 });
  });

  it('a refund lets a waiting request in at once', async () => {
    const h = harness({ rpm: 60, tpm: 1_000, burst: { requests: 60, tokens: 1_000 } });
    const first = h.acquire(1_000);
    const second = h.acquire(800);
    await h.flush();
    expect(second.waits).toEqual([{ reason: 'tokens', waitMs: 48_000 }]);
    h.limiter.settle(permitOf(first), { usedTokens: 100 });
    await h.flush();
    expect(second.at).toBe(0);
  });
});
