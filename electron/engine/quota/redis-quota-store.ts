import type { Redis } from 'ioredis';
import { COOL_DOWN, HEARTBEAT, PUBLISH, RESERVE, SETTLE } from './quota-scripts.ts';

/**
 * One shared quota's state in Redis, through the Lua scripts of quota-scripts.ts. Every method is
 * one atomic script; the time in every answer is Redis's own.
 */
export type QuotaDimension = 'req' | 'tok';

/** How the members enforce one dimension together. Times are Redis's. */
export type SharedShape =
  | { readonly kind: 'bucket'; readonly capacity: number }
  | {
      readonly kind: 'window';
      readonly lengthMs: number;
      readonly phaseMs: number;
      readonly allowance: number;
      /** Ms before a window's end in which nothing is reserved: it could reach the server in the next one. */
      readonly guardMs: number;
      /** What the window current when this was published has used, as far as the publisher knows (the server's `remaining` included). */
      readonly used: number;
    };

export type ReserveAnswer =
  | { readonly ok: true; readonly now: number; readonly version: number }
  | { readonly ok: false; readonly waitMs: number; readonly reason: 'requests' | 'tokens' | 'cooldown'; readonly now: number; readonly version: number };

/** What the members obey, as stored. */
export interface SharedConfig {
  readonly version: number;
  /** Redis time until which every member waits (a 429's cool-down). */
  readonly gateUntil: number;
  readonly limits: { readonly req: number | null; readonly tok: number | null };
}

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

const SCRIPTS = { pacerReserve: [6, RESERVE], pacerSettle: [5, SETTLE], pacerCoolDown: [4, COOL_DOWN], pacerPublish: [3, PUBLISH], pacerHeartbeat: [3, HEARTBEAT] } as const;

export class RedisQuotaStore {
  private readonly redis: Redis;
  private readonly key: (part: string) => string;
  private readonly memberId: string;
  private readonly calls: Record<keyof typeof SCRIPTS, ScriptCall>;

  /** `quotaId` is a hash (quota-identity.ts), never a key; `memberId` names this process. */
  constructor(redis: Redis, quotaId: string, memberId: string) {
    this.redis = redis;
    this.memberId = memberId;
    this.key = (part) => `pacer:{${quotaId}}:${part}`;
    const calls = {} as Record<keyof typeof SCRIPTS, ScriptCall>;
    for (const [name, [numberOfKeys, lua]] of Object.entries(SCRIPTS) as [keyof typeof SCRIPTS, readonly [number, string]][]) {
      // defineCommand runs EVALSHA and loads the script again if the server has lost it.
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys, lua });
      calls[name] = ((redis as unknown as Record<string, ScriptCall>)[name] as ScriptCall).bind(redis);
    }
    this.calls = calls;
  }

  async reserve(leaseId: string, requests: number, tokens: number, leaseMs: number): Promise<ReserveAnswer> {
    const answer = (await this.calls.pacerReserve(...this.leaseKeys(), this.key('recent'), leaseId, requests, tokens, leaseMs)) as (number | string)[];
    if (Number(answer[0]) === 1) return { ok: true, now: Number(answer[1]), version: Number(answer[2]) };
    return { ok: false, waitMs: Number(answer[1]), reason: answer[2] as 'requests' | 'tokens' | 'cooldown', now: Number(answer[3]), version: Number(answer[4]) };
  }

  /** Settles a lease with what was really used; false if it had lapsed (given back) already. */
  async settle(leaseId: string, requests: number, tokens: number): Promise<boolean> {
    const answer = (await this.calls.pacerSettle(...this.leaseKeys(), leaseId, requests, tokens)) as number[];
    return Number(answer[0]) === 1;
  }

  /** Closes the gate for every member for `waitMs` (never shortening it) and empties `drain`. Returns the gate's wait. */
  async coolDown(waitMs: number, drain: QuotaDimension | 'both' | ''): Promise<number> {
    const answer = (await this.calls.pacerCoolDown(this.key('cfg'), this.key('state'), this.key('leases'), this.key('amounts'), Math.max(0, Math.round(waitMs)), drain)) as number[];
    return Number(answer[0]);
  }

  /**
   * What one member learned of a dimension, for all; a null limit means unlimited. An `offer` (a
   * newcomer's typed limits) is taken only where nothing is known yet, so it never undoes what the
   * others learned.
   */
  async publish(dimension: QuotaDimension, limit: number | null, shape: SharedShape | undefined, mode: 'set' | 'offer' = 'set'): Promise<void> {
    const detail = shape === undefined || limit === null ? ['bucket', ''] : shape.kind === 'window' ? ['window', shape.lengthMs, shape.phaseMs, shape.allowance, shape.guardMs, shape.used] : ['bucket', shape.capacity];
    await this.calls.pacerPublish(this.key('cfg'), this.key('state'), this.key('recent'), mode, dimension, limit === null ? '' : limit, ...detail);
  }

  /** Keeps this member and its leases alive for `ttlMs` / `leaseMs`; returns the live members and Redis's time. */
  async heartbeat(ttlMs: number, leaseMs: number): Promise<{ members: number; now: number }> {
    const answer = (await this.calls.pacerHeartbeat(this.key('members'), this.key('leases'), this.memberLeases(), this.memberId, ttlMs, leaseMs)) as number[];
    return { members: Number(answer[0]), now: Number(answer[1]) };
  }

  async config(): Promise<SharedConfig> {
    const cfg = await this.redis.hgetall(this.key('cfg'));
    const limit = (value: string | undefined) => (value === undefined || value === '' ? null : Number(value));
    return { version: Number(cfg.ver ?? 0), gateUntil: Number(cfg.gate ?? 0), limits: { req: limit(cfg.reqLimit), tok: limit(cfg.tokLimit) } };
  }

  /** Reservations not yet settled or lapsed, for tests and the bench. */
  async openLeases(): Promise<number> {
    return this.redis.zcard(this.key('leases'));
  }

  private leaseKeys(): string[] {
    return [this.key('cfg'), this.key('state'), this.key('leases'), this.key('amounts'), this.memberLeases()];
  }

  private memberLeases(): string {
    return this.key(`member:${this.memberId}`);
  }
}
