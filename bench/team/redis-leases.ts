import { Redis } from 'ioredis';

/**
 * Watches the shared quota in Redis after a member was killed: which member stopped beating, and
 * how long until every lease it held at the kill was back: lapsed by Redis's clock (the next
 * reservation of any member reaps it before counting the budget) or reaped already. Reads the
 * keys redis-quota-store.ts writes, nothing else.
 */
export interface LeaseReturn {
  /** ms from the kill until the dead member's last lease was back; null: not within the watch. */
  readonly backMs: number | null;
  /** Leases the dead member held at the kill. */
  readonly held: number;
}

/** Call right after the kill, at `killed` (Date.now()): the dead member is still listed for a few heartbeats. */
export async function watchLeaseReturn(url: string, killed: number, timeoutMs = 30_000): Promise<LeaseReturn> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const [membersKey] = await redis.keys('pacer:*:members');
    if (!membersKey) throw new Error('No shared quota in Redis: did the members start with --redis?');
    const key = (part: string) => membersKey.replace(/:members$/, `:${part}`);
    const before = await redis.zrange(membersKey, '0', '-1');
    const held = new Map<string, string[]>();
    for (const member of before) held.set(member, await redis.smembers(key(`member:${member}`)));
    const backAt = new Map<string, number>();
    let dead: string | undefined;
    while (Date.now() - killed < timeoutMs) {
      for (const [member, leases] of held) {
        if (backAt.has(member)) continue;
        const scores = leases.length === 0 ? [] : await redis.zmscore(key('leases'), ...leases);
        const [seconds, micros] = await redis.time();
        const redisNow = Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
        // Lapsed is back: the next reservation by anyone reaps it before it counts the budget.
        if (scores.every((score) => score === null || Number(score) <= redisNow)) backAt.set(member, Date.now());
      }
      const alive = new Set(await redis.zrange(membersKey, '0', '-1'));
      dead ??= before.find((member) => !alive.has(member));
      if (dead !== undefined && backAt.has(dead)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const at = dead === undefined ? undefined : backAt.get(dead);
    return { backMs: at === undefined ? null : at - killed, held: dead === undefined ? 0 : (held.get(dead)?.length ?? 0) };
  } finally {
    redis.disconnect();
  }
}
