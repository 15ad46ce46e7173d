import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisQuotaStore } from '../../electron/engine/quota/redis-quota-store.ts';
import { RedisServer } from '../support/redis-server.ts';

/**
 * The shared quota's Lua scripts against a real redis-server: reservations, settling, leases that
 * lapse by themselves, the cool-down every member obeys, and Redis's own clock.
 */
let server: RedisServer;
let redis: Redis;
let quota = 0;

beforeAll(async () => {
  server = await RedisServer.start();
  redis = new Redis(server.url, { lazyConnect: false });
});

afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

beforeEach(() => {
  quota += 1;
});

const store = (member = 'a') => new RedisQuotaStore(redis, `q${quota}`, member);

async function redisNow(): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
}

/** Re-checks `probe` every few ms until it holds (Redis's clock has to move: no fake clock there). */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('RedisQuotaStore (real redis-server)', () => {
  it('admits a bucket’s capacity, then says how long until the next fits and why', async () => {
    const s = store();
    await s.publish('req', 60, { kind: 'bucket', capacity: 3 });
    for (const id of ['1', '2', '3']) expect((await s.reserve(id, 1, 0, 15_000)).ok).toBe(true);
    const refused = await s.reserve('4', 1, 0, 15_000);
    expect(refused).toMatchObject({ ok: false, reason: 'requests' });
    expect(refused.ok === false && refused.waitMs).toBeGreaterThan(900);
    expect(refused.ok === false && refused.waitMs).toBeLessThanOrEqual(1_000);
  });

  it('settling gives back what was reserved and not used, and charges what was used beyond it', async () => {
    const s = store();
    await s.publish('tok', 60, { kind: 'bucket', capacity: 1_000 });
    expect((await s.reserve('big', 1, 600, 15_000)).ok).toBe(true);
    expect(await s.reserve('next', 1, 600, 15_000)).toMatchObject({ ok: false, reason: 'tokens' });
    expect(await s.settle('big', 1, 100)).toBe(true);
    expect((await s.reserve('next', 1, 600, 15_000)).ok).toBe(true);
    // 300 left: charging 200 more than reserved leaves 100, too little for 150.
    expect(await s.settle('next', 1, 800)).toBe(true);
    expect(await s.reserve('third', 1, 150, 15_000)).toMatchObject({ ok: false, reason: 'tokens' });
  });

  it('a lease never settled is given back by itself when it lapses (its member died)', async () => {
    const s = store();
    await s.publish('tok', 1, { kind: 'bucket', capacity: 1_000 });
    expect((await s.reserve('orphan', 1, 1_000, 300)).ok).toBe(true);
    expect(await s.reserve('waiting', 1, 1_000, 300)).toMatchObject({ ok: false, reason: 'tokens' });
    expect(await s.openLeases()).toBe(1);
    await eventually(async () => ((await s.reserve('waiting', 1, 1_000, 15_000)).ok ? true : undefined), 'the lapsed lease to come back');
    // The late settle of a lapsed lease charges what was used (it was given back already).
    expect(await s.settle('orphan', 1, 1_000)).toBe(false);
  });

  it('a live member’s heartbeat keeps its leases from lapsing', async () => {
    const s = store('alive');
    await s.publish('tok', 1, { kind: 'bucket', capacity: 1_000 });
    expect((await s.reserve('long', 1, 1_000, 300)).ok).toBe(true);
    for (let i = 0; i < 4; i++) {
      await s.heartbeat(5_000, 300);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(await s.openLeases()).toBe(1);
    expect(await s.reserve('other', 1, 1_000, 300)).toMatchObject({ ok: false, reason: 'tokens' });
  });

  it('counts the members whose heartbeat is alive', async () => {
    const [a, b] = [store('a'), store('b')];
    expect((await a.heartbeat(300, 15_000)).members).toBe(1);
    expect((await b.heartbeat(5_000, 15_000)).members).toBe(2);
    await eventually(async () => ((await b.heartbeat(5_000, 15_000)).members === 1 ? true : undefined), 'member a to lapse');
  });

  it('a cool-down one member sets holds every member, and empties what the 429 named', async () => {
    const [a, b] = [store('a'), store('b')];
    await a.publish('req', 600, { kind: 'bucket', capacity: 100 });
    expect(await a.coolDown(2_000, 'req')).toBe(2_000);
    expect(await b.reserve('x', 1, 0, 15_000)).toMatchObject({ ok: false, reason: 'cooldown' });
    // Never shortened by a later, shorter one.
    expect(await b.coolDown(10, '')).toBeGreaterThan(1_900);
    expect((await b.config()).gateUntil).toBeGreaterThan(await redisNow());
  });

  it('fixed windows: the allowance at once, then nothing until the boundary', async () => {
    const s = store();
    const now = await redisNow();
    // Windows of 2 s whose boundary is 1 s from now.
    await s.publish('req', 60, { kind: 'window', lengthMs: 2_000, phaseMs: (now + 1_000) % 2_000, allowance: 2, guardMs: 0, used: 0 });
    expect((await s.reserve('1', 1, 0, 15_000)).ok).toBe(true);
    expect((await s.reserve('2', 1, 0, 15_000)).ok).toBe(true);
    const refused = await s.reserve('3', 1, 0, 15_000);
    expect(refused).toMatchObject({ ok: false, reason: 'requests' });
    expect(refused.ok === false && refused.waitMs).toBeLessThanOrEqual(1_000);
    expect(refused.ok === false && refused.waitMs).toBeGreaterThan(800);
  });

  it('fixed windows: nothing is reserved in the guard before a window ends, even with room', async () => {
    const s = store();
    const now = await redisNow();
    // The boundary is 1 s away and the last 1.5 s of each 2 s window are guarded.
    await s.publish('req', 60, { kind: 'window', lengthMs: 2_000, phaseMs: (now + 1_000) % 2_000, allowance: 5, guardMs: 1_500, used: 0 });
    const refused = await s.reserve('1', 1, 0, 15_000);
    expect(refused).toMatchObject({ ok: false, reason: 'requests' });
    expect(refused.ok === false && refused.waitMs).toBeLessThanOrEqual(1_000);
    expect(refused.ok === false && refused.waitMs).toBeGreaterThan(800);
  });

  it('fixed windows: of two members’ phases the later stands, with the wider guard, and what was used carries', async () => {
    const [a, b] = [store('a'), store('b')];
    const now = await redisNow();
    await a.publish('req', 60, { kind: 'window', lengthMs: 4_000, phaseMs: (now + 2_000) % 4_000, allowance: 2, guardMs: 10, used: 0 });
    expect((await a.reserve('1', 1, 0, 15_000)).ok).toBe(true);
    expect((await a.reserve('2', 1, 0, 15_000)).ok).toBe(true);
    // b saw the boundary 300 ms earlier (its answers came back slower): a's stands.
    await b.publish('req', 60, { kind: 'window', lengthMs: 4_000, phaseMs: (now + 1_700) % 4_000, allowance: 2, guardMs: 10, used: 0 });
    const early = await b.reserve('3', 1, 0, 15_000);
    expect(early.ok === false && early.waitMs).toBeGreaterThan(1_800 - ((await redisNow()) - now));
    // b saw it 300 ms later: that one stands, the window keeps its count, and a's narrower guard does not undo b's.
    await b.publish('req', 60, { kind: 'window', lengthMs: 4_000, phaseMs: (now + 2_300) % 4_000, allowance: 2, guardMs: 200, used: 0 });
    await a.publish('req', 60, { kind: 'window', lengthMs: 4_000, phaseMs: (now + 2_300) % 4_000, allowance: 2, guardMs: 10, used: 0 });
    const later = await a.reserve('4', 1, 0, 15_000);
    expect(later).toMatchObject({ ok: false, reason: 'requests' });
    expect(later.ok === false && later.waitMs).toBeGreaterThan(2_100 - ((await redisNow()) - now));
    expect(later.ok === false && later.waitMs).toBeLessThanOrEqual(2_300);
    // Past that boundary the window is a new one.
    await eventually(async () => ((await redisNow()) - now > 2_350 ? true : undefined), 'the next window');
    expect((await a.reserve('5', 1, 0, 15_000)).ok).toBe(true);
  });

  it('fixed windows: a member that saw less of a window (another was first into it) does not shrink its allowance', async () => {
    const [a, b] = [store('a'), store('b')];
    const phaseMs = ((await redisNow()) + 3_000) % 4_000;
    await a.publish('req', 60, { kind: 'window', lengthMs: 4_000, phaseMs, allowance: 3, guardMs: 0, used: 0 });
    await b.publish('req', 60, { kind: 'window', lengthMs: 4_000, phaseMs, allowance: 2, guardMs: 0, used: 0 });
    for (const id of ['1', '2', '3']) expect((await b.reserve(id, 1, 0, 15_000)).ok).toBe(true);
    expect((await b.reserve('4', 1, 0, 15_000)).ok).toBe(false);
  });

  it('fixed windows: one that was a bucket until now counts what every member reserved since it began', async () => {
    const [a, b] = [store('a'), store('b')];
    await a.publish('req', 600, { kind: 'bucket', capacity: 10 });
    const before = await redisNow();
    for (const id of ['a1', 'a2', 'a3']) expect((await a.reserve(id, 1, 0, 15_000)).ok).toBe(true);
    for (const id of ['b1', 'b2']) expect((await b.reserve(id, 1, 0, 15_000)).ok).toBe(true);
    // Windows of 4 s of 8, the current one begun just before those 5: 3 more fit, not 8.
    const phaseMs = (before - 1) % 4_000;
    await a.publish('req', 600, { kind: 'window', lengthMs: 4_000, phaseMs, allowance: 8, guardMs: 0, used: 3 });
    for (const id of ['1', '2', '3']) expect((await b.reserve(id, 1, 0, 15_000)).ok).toBe(true);
    expect(await b.reserve('4', 1, 0, 15_000)).toMatchObject({ ok: false, reason: 'requests' });
  });

  it('fixed windows: a member that has not confirmed the window yet does not turn it back into a bucket, nor into a window twice as long', async () => {
    const [a, b] = [store('a'), store('b')];
    const phaseMs = ((await redisNow()) + 3_000) % 4_000;
    await a.publish('req', 60, { kind: 'window', lengthMs: 4_000, phaseMs, allowance: 2, guardMs: 0, used: 0 });
    await b.publish('req', 60, { kind: 'bucket', capacity: 50 });
    // Nor does one that took two windows for one.
    await b.publish('req', 60, { kind: 'window', lengthMs: 8_000, phaseMs, allowance: 4, guardMs: 0, used: 0 });
    for (const id of ['1', '2']) expect((await b.reserve(id, 1, 0, 15_000)).ok).toBe(true);
    expect(await b.reserve('3', 1, 0, 15_000)).toMatchObject({ ok: false, reason: 'requests' });
  });

  it('fixed windows: a window counts at least what a member knows the server counted in it', async () => {
    const t = store('t');
    await t.publish('req', 60, { kind: 'window', lengthMs: 4_000, phaseMs: ((await redisNow()) + 3_000) % 4_000, allowance: 10, guardMs: 0, used: 0 });
    await t.reserve('x', 1, 0, 15_000);
    // A member that saw the server count 8 in this window: 2 more, not 9.
    await t.publish('req', 60, { kind: 'window', lengthMs: 4_000, phaseMs: ((await redisNow()) + 3_000) % 4_000, allowance: 10, guardMs: 0, used: 8 });
    for (const id of ['1', '2']) expect((await t.reserve(id, 1, 0, 15_000)).ok).toBe(true);
    expect((await t.reserve('3', 1, 0, 15_000)).ok).toBe(false);
  });

  it('every answer carries Redis’s time, not the client’s', async () => {
    const s = store();
    await s.publish('req', 60, { kind: 'bucket', capacity: 10 });
    const before = await redisNow();
    const answer = await s.reserve('t', 1, 0, 15_000);
    const after = await redisNow();
    expect(answer.now).toBeGreaterThanOrEqual(before);
    expect(answer.now).toBeLessThanOrEqual(after);
  });

  it('unpublished dimensions are unlimited; publishing a null limit lifts one', async () => {
    const s = store();
    for (let i = 0; i < 50; i++) expect((await s.reserve(`free${i}`, 1, 1_000, 15_000)).ok).toBe(true);
    await s.publish('req', 60, { kind: 'bucket', capacity: 1 });
    expect((await s.reserve('a', 1, 0, 15_000)).ok).toBe(true);
    expect((await s.reserve('b', 1, 0, 15_000)).ok).toBe(false);
    await s.publish('req', null, undefined);
    expect((await s.reserve('c', 1, 0, 15_000)).ok).toBe(true);
  });
});
