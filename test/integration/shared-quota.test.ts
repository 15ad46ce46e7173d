import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/engine/clock.ts';
import type { Permit, RateLimiterOptions } from '../../electron/engine/limiter/rate-limiter.ts';
import { RateLimiter } from '../../electron/engine/limiter/rate-limiter.ts';
import { Redis } from 'ioredis';
import { connectSharedQuota } from '../../electron/engine/quota/connect-shared-quota.ts';
import { RedisQuotaStore } from '../../electron/engine/quota/redis-quota-store.ts';
import type { QuotaStatus } from '../../electron/engine/quota/shared-quota.ts';
import { RedisServer } from '../support/redis-server.ts';

/**
 * Limiters of several "processes" (each its own Redis connection and membership) sharing one quota
 * through a real redis-server, on the real clock (Redis's time is real): together they stay
 * under the limit, a 429 one meets holds all, a dead member's reservations come back, and when
 * Redis goes away each goes on at its share and rejoins when it returns.
 */
let server: RedisServer;
let quota = 0;
const open: (() => void)[] = [];

beforeAll(async () => {
  server = await RedisServer.start();
});

afterEach(() => {
  for (const close of open.splice(0)) close();
});

afterAll(async () => {
  await server.stop();
});

async function member(quotaId: string, limits: Omit<RateLimiterOptions, 'clock' | 'shared'>, options: { leaseMs?: number; heartbeatMs?: number } = {}) {
  const { quota: shared, close } = await connectSharedQuota({ url: server.url, quotaId, clock: systemClock, ...options });
  open.push(close);
  const limiter = new RateLimiter({ clock: systemClock, shared, ...limits });
  return { limiter, shared };
}

const nextQuota = () => `shared-${++quota}`;

describe('limiters sharing one quota through Redis', () => {
  it('two members together admit the burst and then the rate, not twice either', async () => {
    const id = nextQuota();
    const limits = { rpm: 6_000, tpm: null, burst: { requests: 10 } };
    const [a, b] = [await member(id, limits), await member(id, limits)];
    // tpm unknown: one request at a time until an answer tells; answer each at once, unlimited.
    const granted: number[] = [];
    const start = Date.now();
    const take = async (limiter: RateLimiter) => {
      for (let i = 0; i < 60; i++) {
        const permit = await limiter.acquire(1);
        granted.push(Date.now() - start);
        limiter.settle(permit, { usedTokens: 1, rateLimit: { limitRequests: 6_000 } });
      }
    };
    await Promise.all([take(a.limiter), take(b.limiter)]);
    granted.sort((x, y) => x - y);
    // 120 requests at 100 a second with 10 at once: the last cannot go before 1.1 s.
    expect(granted.at(-1)).toBeGreaterThanOrEqual(1_050);
    // Never ahead of the shared bucket: by any moment, at most 10 + 100 per second (+1 for rounding).
    for (const [i, at] of granted.entries()) expect(i + 1).toBeLessThanOrEqual(10 + Math.floor((at * 100) / 1_000) + 1);
  });

  it('a 429 one member meets holds every member behind the gate', async () => {
    const id = nextQuota();
    const limits = { rpm: 6_000, tpm: 1_000_000, burst: { requests: 100, tokens: 1_000_000 } };
    const [a, b] = [await member(id, limits), await member(id, limits)];
    const permit = await a.limiter.acquire(1);
    a.limiter.settle(permit, { rateLimit: { remainingRequests: 0 }, rateLimited: { limit: 'requests', retryAfterMs: 600 } });
    a.limiter.coolDown(600);
    // a publishes its gate without waiting (a 429 must not hold its run up), on its own
    // connection: b's reservation, on another, may reach Redis first and rightly go ahead. Wait
    // for the gate to be in Redis, as every member's next reservation will then find it.
    const observer = new Redis(server.url);
    open.push(() => observer.disconnect());
    const seen = new RedisQuotaStore(observer, id, 'observer');
    await expect.poll(async () => (await seen.config()).gateUntil, { timeout: 5_000, interval: 5 }).toBeGreaterThan(0);
    const { gateUntil } = await seen.config();
    const waits: string[] = [];
    await b.limiter.acquire(1, { onWait: (wait) => waits.push(wait.reason) });
    // Redis's time is this machine's clock: b goes no sooner than the gate opens, whatever the load.
    expect(Date.now()).toBeGreaterThanOrEqual(gateUntil - 1);
    expect(waits).toContain('cooldown');
  });

  it('a member that dies holding a reservation frees it within the lease time', async () => {
    const id = nextQuota();
    const limits = { rpm: 6_000, tpm: 60_000, burst: { requests: 100, tokens: 1_000 } };
    const dying = await member(id, limits, { leaseMs: 400, heartbeatMs: 100 });
    const survivor = await member(id, limits, { leaseMs: 400, heartbeatMs: 100 });
    const held: Permit = await dying.limiter.acquire(1_000);
    expect(held.lease?.shared).toBe(true);
    dying.shared.close(); // no more heartbeats, and the permit is never settled
    const started = Date.now();
    await survivor.limiter.acquire(1_000);
    // 1,000 tokens at 1,000 a second would take a second; the lapsed lease gives them back sooner.
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('when Redis goes away, each member goes on alone at its share, says so, and rejoins when it returns', async () => {
    const id = nextQuota();
    const limits = { rpm: 6_000, tpm: null, burst: { requests: 10 } };
    const a = await member(id, limits, { heartbeatMs: 100 });
    const b = await member(id, limits, { heartbeatMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 250)); // a heartbeat each: two members seen
    expect(a.shared.status).toEqual({ mode: 'shared', members: 2 });
    const statuses: QuotaStatus[] = [];
    a.shared.onStatus((status) => statuses.push(status));
    await server.stop();
    try {
      // Alone at half the rate: 50 a second, starting empty.
      const started = Date.now();
      for (let i = 0; i < 10; i++) {
        const permit = await a.limiter.acquire(1);
        a.limiter.settle(permit, { usedTokens: 1, rateLimit: { limitRequests: 6_000 } });
      }
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(150);
      expect(a.shared.status.mode).toBe('alone');
      expect(a.shared.status.reason).toMatch(/Redis is out of reach/);
      await expect.poll(() => b.shared.status.mode, { timeout: 2_000 }).toBe('alone');
    } finally {
      await server.resume();
    }
    await expect.poll(() => a.shared.status.mode, { timeout: 5_000 }).toBe('shared');
    expect(statuses.map((s) => s.mode)).toEqual(['alone', 'shared']);
  });
});
