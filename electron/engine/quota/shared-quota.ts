import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { TokenBucket } from '../limiter/token-bucket.ts';
import type { QuotaDimension, SharedShape } from './redis-quota-store.ts';
import { RedisQuotaStore } from './redis-quota-store.ts';
import type { Redis } from 'ioredis';

/**
 * This process's membership of a quota shared through Redis: every request it sends is first
 * reserved there (one round trip, atomically against every other member), settled when its
 * response tells the real usage, and kept alive by a heartbeat. What this process learns is
 * published for all; a 429 it meets closes the gate for all.
 *
 * Fail safe: if Redis cannot be reached, the member goes on alone at its share of the limit (the
 * limit divided by the members alive at the last heartbeat), says so, and rejoins when Redis
 * answers again, without restarting anything. A run never stops because Redis did.
 */
export interface SharedQuotaOptions {
  readonly redis: Redis;
  /** quota-identity.ts: a hash, never the key. */
  readonly quotaId: string;
  readonly clock: Clock;
  readonly memberId?: string;
  /** A reservation not settled (nor renewed) within this returns by itself. @default 15_000 */
  readonly leaseMs?: number;
  /** @default 2_000 */
  readonly heartbeatMs?: number;
}

export interface QuotaLease {
  readonly id: string;
  readonly tokens: number;
  /** Reserved in Redis (false: answered alone, while Redis was out of reach). */
  readonly shared: boolean;
}

export type QuotaAnswer = { readonly ok: true; readonly lease: QuotaLease } | { readonly ok: false; readonly waitMs: number; readonly reason: 'requests' | 'tokens' | 'cooldown' };

export interface QuotaStatus {
  /** `shared`: every reservation goes through Redis; `alone`: Redis is out of reach. */
  readonly mode: 'shared' | 'alone';
  /** Members alive at the last heartbeat, this one included. */
  readonly members: number;
  /** Why this member is alone. */
  readonly reason?: string;
}

interface Published {
  readonly limit: number | null;
  readonly shape: SharedShape | undefined;
}

export class SharedQuota {
  private readonly statusListeners = new Set<(status: QuotaStatus) => void>();

  private readonly store: RedisQuotaStore;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private state: QuotaStatus = { mode: 'shared', members: 1 };
  private readonly published = new Map<QuotaDimension, Published>();
  /** Redis's clock minus ours, from the last answer: window phases are published in Redis time. */
  private offsetMs = 0;
  private readonly alone = new Map<QuotaDimension, TokenBucket>();
  private readonly stop = new AbortController();

  constructor(options: SharedQuotaOptions) {
    this.store = new RedisQuotaStore(options.redis, options.quotaId, options.memberId ?? randomUUID());
    this.clock = options.clock;
    this.leaseMs = options.leaseMs ?? 15_000;
    this.heartbeatMs = options.heartbeatMs ?? 2_000;
  }

  get status(): QuotaStatus {
    return this.state;
  }

  /** Hears when the mode or the number of members changes; returns the disposer. */
  onStatus(listener: (status: QuotaStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Joins: a first heartbeat (alone at once if Redis is out of reach), then one every heartbeatMs. */
  async start(): Promise<void> {
    await this.beat();
    void this.beatForever();
  }

  async tryReserve(tokens: number): Promise<QuotaAnswer> {
    const id = randomUUID();
    if (this.state.mode === 'shared') {
      try {
        const answer = await this.store.reserve(id, 1, tokens, this.leaseMs);
        this.offsetMs = answer.now - this.clock.now();
        return answer.ok ? { ok: true, lease: { id, tokens, shared: true } } : { ok: false, waitMs: answer.waitMs, reason: answer.reason };
      } catch (error) {
        this.goAlone(error);
      }
    }
    return this.reserveAlone(id, tokens);
  }

  /** What the request really used; `sent: false` when it never left (aborted before sending). */
  settle(lease: QuotaLease, outcome: { readonly sent: boolean; readonly usedTokens?: number }): void {
    if (!lease.shared) return;
    const requests = outcome.sent ? 1 : 0;
    const tokens = outcome.sent ? (outcome.usedTokens ?? lease.tokens) : 0;
    this.store.settle(lease.id, requests, tokens).catch((error: unknown) => this.goAlone(error));
  }

  /** A 429 this member met: the gate closes for every member; `drain` is what the server said is spent. */
  coolDown(waitMs: number, drain: QuotaDimension | 'both' | ''): void {
    if (this.state.mode === 'shared') this.store.coolDown(waitMs, drain).catch((error: unknown) => this.goAlone(error));
  }

  /** A newcomer's own limits (typed, or pinned), taken only where the members know nothing yet. */
  offer(dimension: QuotaDimension, limit: number | null, shape: SharedShape | undefined): void {
    if (limit === null) return;
    this.published.set(dimension, { limit, shape });
    if (this.state.mode === 'shared') this.store.publish(dimension, limit, shape, 'offer').catch((error: unknown) => this.goAlone(error));
  }

  /**
   * What this member learned of a dimension, for every member. A window's phase is given in this
   * process's clock and published in Redis's.
   */
  publish(dimension: QuotaDimension, limit: number | null, shape: SharedShape | undefined): void {
    const inRedisTime = shape?.kind === 'window' ? { ...shape, phaseMs: mod(shape.phaseMs + this.offsetMs, shape.lengthMs) } : shape;
    const previous = this.published.get(dimension);
    if (previous && previous.limit === limit && JSON.stringify(previous.shape) === JSON.stringify(inRedisTime)) return;
    this.published.set(dimension, { limit, shape: inRedisTime });
    this.alone.delete(dimension);
    if (this.state.mode === 'shared') this.store.publish(dimension, limit, inRedisTime).catch((error: unknown) => this.goAlone(error));
  }

  close(): void {
    this.stop.abort();
  }

  private async beatForever(): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        await this.clock.sleep(this.heartbeatMs, this.stop.signal);
      } catch {
        return;
      }
      await this.beat();
    }
  }

  private async beat(): Promise<void> {
    try {
      const { members, now } = await this.store.heartbeat(this.heartbeatMs * 3, this.leaseMs);
      this.offsetMs = now - this.clock.now();
      const rejoined = this.state.mode === 'alone';
      if (rejoined) {
        // What was learned while alone is everyone's again.
        for (const [dimension, { limit, shape }] of this.published) await this.store.publish(dimension, limit, shape);
      }
      this.setState({ mode: 'shared', members });
    } catch (error) {
      this.goAlone(error);
    }
  }

  private goAlone(error: unknown): void {
    if (this.state.mode === 'alone') return;
    this.alone.clear();
    this.setState({ mode: 'alone', members: this.state.members, reason: `Redis is out of reach (${error instanceof Error ? error.message : String(error)})` });
  }

  private setState(next: QuotaStatus): void {
    const changed = next.mode !== this.state.mode || next.members !== this.state.members;
    this.state = next;
    if (changed) for (const listener of [...this.statusListeners]) listener(next);
  }

  /** Alone: this member's share of each published limit, as a bucket of its own. */
  private reserveAlone(id: string, tokens: number): QuotaAnswer {
    const now = this.clock.now();
    const need = { req: 1, tok: tokens };
    let wait = 0;
    let reason: 'requests' | 'tokens' = 'requests';
    for (const dimension of ['req', 'tok'] as const) {
      const bucket = this.shareOf(dimension, now);
      const ms = bucket ? bucket.msUntil(need[dimension], now) : 0;
      if (ms > wait) [wait, reason] = [ms, dimension === 'req' ? 'requests' : 'tokens'];
    }
    if (wait > 0) return { ok: false, waitMs: wait, reason };
    for (const dimension of ['req', 'tok'] as const) this.shareOf(dimension, now)?.adjust(need[dimension], now);
    return { ok: true, lease: { id, tokens, shared: false } };
  }

  private shareOf(dimension: QuotaDimension, now: number): TokenBucket | undefined {
    const known = this.published.get(dimension);
    if (!known || known.limit === null) return undefined;
    let bucket = this.alone.get(dimension);
    if (!bucket) {
      const members = Math.max(1, this.state.members);
      const whole = known.shape?.kind === 'window' ? known.shape.allowance : (known.shape?.capacity ?? 1);
      // Start empty: what the others did just before Redis went away is unknown.
      bucket = new TokenBucket({ perMinute: known.limit / members, capacity: Math.max(1, whole / members), initial: 0, now });
      this.alone.set(dimension, bucket);
    }
    return bucket;
  }
}

function mod(value: number, length: number): number {
  return ((value % length) + length) % length;
}
