import type { LimitShapes, RateLimitSnapshot } from '../../../shared/domain/rate-limit.ts';
import type { Clock } from '../clock.ts';
import type { QuotaLease, SharedQuota } from '../quota/shared-quota.ts';
import type { QueuedRequest } from './admission-queue.ts';
import { AdmissionQueue } from './admission-queue.ts';
import type { Charge } from './limit-dimension.ts';
import { LimitDimension, checkLimit } from './limit-dimension.ts';

/**
 * The client-side limiter every worker of a run shares: token buckets for requests and tokens per
 * minute, a shared cool-down gate that one 429 closes for everyone, and one admission loop.
 *
 * Why one loop with one timer: if every waiter slept on its own timer, a cool-down ending would
 * wake them all at once and they would all hit the server in the same millisecond (the thundering
 * herd that turns one 429 into fifty). Here waiters queue in strict FIFO order and only the head
 * is timed; the rest move up as the buckets allow.
 */
/** What a run assumes lies between a grant and the server charging the request (see networkDelayMs). */
export const RUN_NETWORK_DELAY_MS = 50;

export interface RateLimiterOptions {
  readonly clock: Clock;
  /** Requests per minute; null = unknown: discover from the server's headers. */
  readonly rpm: number | null;
  /** Tokens per minute; null = unknown: discover from the server's headers. */
  readonly tpm: number | null;
  /**
   * How much may go at once, per dimension, pinned (the advanced "burst" setting). Left out, it
   * is learned: one request first, then slow start, halved by a 429. @default learned
   */
  readonly burst?: { readonly requests?: number; readonly tokens?: number };
  /**
   * How long after a grant the server charges the request (network and queueing). The local
   * buckets keep that much refill in hand so they never run ahead of the server's. @default 0
   */
  readonly networkDelayMs?: number;
  /**
   * A quota shared with other processes (through Redis): what this limiter would grant is first
   * reserved there, and what it learns is published there. Left out, this limiter is alone.
   */
  readonly shared?: SharedQuota;
}

export interface Permit {
  readonly id: number;
  readonly tokens: number;
  readonly grantedAt: number;
  /** Its reservation in the shared quota, when there is one. */
  readonly lease?: QuotaLease;
}

/** Why a caller waits and for about how long; waitMs is 0 when unknown (waiting for a response). */
export type WaitInfo = { reason: 'requests' | 'tokens' | 'cooldown' | 'concurrency'; waitMs: number };

export interface AcquireOptions {
  readonly signal?: AbortSignal;
  /** Called when the caller starts waiting and whenever the reason changes. Must not throw. */
  readonly onWait?: (info: WaitInfo) => void;
}

export interface SettleOutcome {
  /** Tokens the request really cost; the reservation is corrected by the difference. */
  readonly usedTokens?: number;
  /**
   * Headers of the response, parsed. A limit header missing from a completed request's response
   * (one settled with usedTokens) means "not limited"; on failures it proves nothing, since 429s
   * and proxy errors often come without rate-limit headers.
   */
  readonly rateLimit?: RateLimitSnapshot;
  /** The request never reached the server (aborted after the grant): refund the reservation. */
  readonly rejected?: boolean;
  /**
   * The server answered 429 (a rate limit, not a quota): on which dimension, when it said, and
   * when to come back. The limiter learns from it what it had let through wrongly.
   */
  readonly rateLimited?: { readonly limit?: 'requests' | 'tokens'; readonly retryAfterMs?: number };
}

/**
 * What a response taught: the limits in force changed (from headers), or what was learned of the
 * server's shape changed notably (a shape told apart, a window's allowance, a burst crossing a
 * power of two or reaching what the server proved; slow start would otherwise report every
 * success).
 */
export interface LearnedChange {
  readonly limits: boolean;
  readonly shapes: boolean;
}

export interface LimitsInForce {
  readonly rpm: number | null;
  readonly tpm: number | null;
}

interface Held {
  readonly permit: Permit;
  readonly requests: Charge;
  readonly tokens: Charge;
}

export class RateLimiter {
  private readonly learnedListeners = new Set<(change: LearnedChange) => void>();

  private readonly clock: Clock;
  private readonly requestLimit: LimitDimension;
  private readonly tokenLimit: LimitDimension;
  private readonly queue = new AdmissionQueue(() => this.pump());
  private readonly held = new Map<number, Held>();
  private gateUntil = Number.NEGATIVE_INFINITY;
  private nextId = 1;
  private timer: { readonly due: number; readonly controller: AbortController } | undefined;
  private pumping = false;
  private pumpAgain = false;
  private readonly shared: SharedQuota | undefined;
  /** The head's reservation in the shared quota, while Redis answers. */
  private reserving = false;
  /** What the shared quota last said the head must wait for. */
  private sharedWait: { readonly until: number; readonly reason: WaitInfo['reason'] } | undefined;

  constructor(options: RateLimiterOptions) {
    this.shared = options.shared;
    this.clock = options.clock;
    const now = options.clock.now();
    const networkDelayMs = options.networkDelayMs ?? 0;
    if (!Number.isFinite(networkDelayMs) || networkDelayMs < 0) {
      throw new RangeError(`networkDelayMs must be a number of milliseconds ≥ 0, got ${networkDelayMs}`);
    }
    this.requestLimit = new LimitDimension('requests', options.rpm, now, { networkDelayMs, burst: options.burst?.requests });
    this.tokenLimit = new LimitDimension('tokens', options.tpm, now, { networkDelayMs, burst: options.burst?.tokens });
    for (const [dimension, limit] of [['req', this.requestLimit], ['tok', this.tokenLimit]] as const) {
      const { limit: perMinute, shape } = limit.sharedShape(now);
      this.shared?.offer(dimension, perMinute, shape);
    }
  }

  /** The limits in force now (user-set or learned); null while unknown or unlimited. */
  get limits(): LimitsInForce {
    return { rpm: this.requestLimit.limit, tpm: this.tokenLimit.limit };
  }

  /**
   * Hears what responses teach (several runs may share one limiter: each listens for itself).
   * Returns the disposer. Listeners must not throw.
   */
  onLearned(listener: (change: LearnedChange) => void): () => void {
    this.learnedListeners.add(listener);
    return () => this.learnedListeners.delete(listener);
  }

  /** What was learned of the server's shape per dimension. */
  get shapes(): LimitShapes {
    return { requests: this.requestLimit.shape, tokens: this.tokenLimit.shape };
  }

  /**
   * Units the buckets could admit right now, for sizing the worker pool: never below 0, Infinity
   * where no limit is in force. The cool-down gate is left out: it is brief and sizing is not.
   */
  headroom(): { requests: number; tokens: number } {
    const now = this.clock.now();
    return { requests: this.requestLimit.headroom(now), tokens: this.tokenLimit.headroom(now) };
  }

  /** How much may go at once per dimension (LimitDimension.atOnce), for sizing the worker pool. */
  atOnce(): { requests: number; tokens: number } {
    return { requests: this.requestLimit.atOnce(), tokens: this.tokenLimit.atOnce() };
  }

  /**
   * About how long a request of `tokens` joining the back of the line now would wait: what
   * everyone ahead needs and its own, against the buckets, the windows and the cool-down.
   */
  expectedWaitMs(tokens: number): number {
    const now = this.clock.now();
    const wait = this.waitFor(this.queue.length + 1, this.queue.tokens + tokens, now, this.queue.length === 0);
    return wait === undefined ? 0 : wait.waitMs;
  }

  /** Callers queued. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Resolves when both buckets have room for 1 request and `tokens` tokens and no cool-down is in
   * force, in strict FIFO order. Rejects with the signal's reason if it aborts first.
   */
  acquire(tokens: number, options: AcquireOptions = {}): Promise<Permit> {
    if (!Number.isFinite(tokens) || tokens < 0) {
      return Promise.reject(new RangeError(`acquire needs a token count of 0 or more, got ${tokens}`));
    }
    const { signal, onWait } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const permit = this.queue.add(tokens, signal, onWait);
    this.pump();
    return permit;
  }

  /**
   * After the response (or the failure): corrects the reservation with real usage and learns from
   * the headers. Every permit must be settled exactly once, failures included: while a limit is
   * being discovered, the next request waits for this call.
   */
  settle(permit: Permit, outcome: SettleOutcome = {}): void {
    const held = this.held.get(permit.id);
    if (!held || held.permit !== permit) {
      throw new Error(`Permit ${permit.id} is not held by this limiter: it was settled already or comes from another one`);
    }
    const { usedTokens, rateLimit, rejected = false, rateLimited } = outcome;
    if (usedTokens !== undefined && !(Number.isFinite(usedTokens) && usedTokens >= 0)) {
      throw new RangeError(`settle needs usedTokens of 0 or more, got ${usedTokens}`);
    }
    this.held.delete(permit.id);
    const now = this.clock.now();
    if (permit.lease) this.shared?.settle(permit.lease, { sent: !rejected, usedTokens: usedTokens ?? permit.tokens });
    if (rejected) {
      this.requestLimit.reconcile(held.requests, -1, now);
      this.tokenLimit.reconcile(held.tokens, -permit.tokens, now);
    } else if (usedTokens !== undefined) {
      this.tokenLimit.reconcile(held.tokens, usedTokens - permit.tokens, now);
    }
    const before = this.shapeSignature();
    const succeeded = !rejected && usedTokens !== undefined;
    const limitsChanged = rateLimit ? this.learn(held, rateLimit, succeeded, now) : false;
    if (rateLimited) {
      const { limit, retryAfterMs } = rateLimited;
      const named = limit !== undefined;
      this.shared?.coolDown(0, limit === 'requests' ? 'req' : limit === 'tokens' ? 'tok' : 'both');
      if (limit !== 'tokens') this.requestLimit.rejected(held.requests, permit.grantedAt, now, { remaining: rateLimit?.remainingRequests, retryAfterMs, named });
      if (limit !== 'requests') this.tokenLimit.rejected(held.tokens, permit.grantedAt, now, { remaining: rateLimit?.remainingTokens, retryAfterMs, named });
    }
    const shapeChanged = this.shapeSignature() !== before;
    // A 429 moves a window's end and guard further out: the other members must keep as clear.
    if (limitsChanged || shapeChanged || rateLimited) this.publish(now);
    if (limitsChanged || shapeChanged) for (const listener of [...this.learnedListeners]) listener({ limits: limitsChanged, shapes: shapeChanged });
    this.pump();
  }

  /**
   * After a rate-limit 429: closes the shared gate until now + waitMs (extending, never shortening,
   * one already closed). What the 429 proved about the buckets was settled with the permit
   * (`rateLimited`); they refill during the cool-down as the server's do, so when the gate opens,
   * waiters go one by one as that refill allows rather than all at once.
   */
  coolDown(waitMs: number): void {
    if (!Number.isFinite(waitMs) || waitMs < 0) throw new RangeError(`coolDown needs a wait of 0 ms or more, got ${waitMs}`);
    this.gateUntil = Math.max(this.gateUntil, this.clock.now() + waitMs);
    this.shared?.coolDown(waitMs, '');
    this.pump();
  }

  /** Ms until the cool-down gate opens (0 if open). */
  coolDownRemaining(): number {
    return Math.max(0, this.gateUntil - this.clock.now());
  }

  /** A live change by the user; undefined keeps a limit, null discovers it again. */
  setLimits(limits: { rpm?: number | null; tpm?: number | null }): void {
    // Check both before changing either, so a bad value leaves the limiter as it was.
    if (limits.rpm !== undefined) checkLimit('requests', limits.rpm);
    if (limits.tpm !== undefined) checkLimit('tokens', limits.tpm);
    const now = this.clock.now();
    const inFlight = this.inFlight();
    if (limits.rpm !== undefined) this.requestLimit.setUser(limits.rpm, now, inFlight.requests);
    if (limits.tpm !== undefined) this.tokenLimit.setUser(limits.tpm, now, inFlight.tokens);
    this.pump();
  }

  /** Returns true if the limits or shapes in force changed. */
  private learn(held: Held, snapshot: RateLimitSnapshot, succeeded: boolean, now: number): boolean {
    const inFlight = this.inFlight();
    const grantedAt = held.permit.grantedAt;
    const common = { conclusive: succeeded, succeeded, grantedAt };
    const requestsChanged = this.requestLimit.observe(
      { ...common, limit: snapshot.limitRequests, remaining: snapshot.remainingRequests, resetMs: snapshot.resetRequestsMs, charge: held.requests, inFlight: inFlight.requests },
      now,
    );
    const tokensChanged = this.tokenLimit.observe(
      { ...common, limit: snapshot.limitTokens, remaining: snapshot.remainingTokens, resetMs: snapshot.resetTokensMs, charge: held.tokens, inFlight: inFlight.tokens },
      now,
    );
    return requestsChanged || tokensChanged;
  }

  private inFlight(): { requests: number; tokens: number } {
    let tokens = 0;
    for (const { permit } of this.held.values()) tokens += permit.tokens;
    return { requests: this.held.size, tokens };
  }

  /** Re-entrant calls (an onWait callback that aborts another waiter) run after the current one. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        this.admit();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private admit(): void {
    const now = this.clock.now();
    let headWait: WaitInfo | undefined;
    for (let head = this.queue.peek(); head; head = this.queue.peek()) {
      headWait = this.waitFor(1, head.tokens, now, true);
      if (headWait) break;
      if (this.shared) {
        this.reserveShared(head);
        break;
      }
      this.queue.grantHead(this.grant(head.tokens, now));
    }
    this.schedule(headWait && Number.isFinite(headWait.waitMs) ? headWait.waitMs : undefined, now);
    if (headWait) {
      const head = headWait;
      this.queue.report((requests, tokens, index) => reportable(index === 0 ? head : this.waitFor(requests, tokens, now, false)));
    }
  }

  /**
   * The head fits here; now the shared quota must agree. One reservation at a time, for the head
   * only, so the line keeps its order across processes as it does within one.
   */
  private reserveShared(head: QueuedRequest): void {
    const shared = this.shared;
    if (!shared || this.reserving) return;
    this.reserving = true;
    shared
      .tryReserve(head.tokens)
      .then(
        (answer) => {
          const now = this.clock.now();
          if (!answer.ok) this.sharedWait = { until: now + answer.waitMs, reason: answer.reason };
          else if (this.queue.peek() === head) this.queue.grantHead(this.grant(head.tokens, now, answer.lease));
          else shared.settle(answer.lease, { sent: false }); // the head left while Redis answered
        },
        () => {
          this.sharedWait = { until: this.clock.now() + 1_000, reason: 'concurrency' };
        },
      )
      .finally(() => {
        this.reserving = false;
        this.pump();
      });
  }

  private shapeSignature(): string {
    return `${this.requestLimit.signature}|${this.tokenLimit.signature}`;
  }

  /** What this limiter learned, for every process sharing its quota. */
  private publish(now: number): void {
    if (!this.shared) return;
    for (const [dimension, limit] of [['req', this.requestLimit], ['tok', this.tokenLimit]] as const) {
      const { limit: perMinute, shape } = limit.sharedShape(now);
      this.shared.publish(dimension, perMinute, shape);
    }
  }

  private grant(tokens: number, now: number, lease?: QuotaLease): Permit {
    const permit: Permit = Object.freeze({ id: this.nextId++, tokens, grantedAt: now, ...(lease && { lease }) });
    this.held.set(permit.id, { permit, requests: this.requestLimit.grant(1, now), tokens: this.tokenLimit.grant(tokens, now) });
    return permit;
  }

  /**
   * What holds back a request needing `requests`/`tokens` (the head's own amounts, or the sums up
   * to a waiter further back): the longest of the cool-down, either bucket, and discovery. The
   * buckets refill during a cool-down, so these waits overlap rather than add up.
   */
  private waitFor(requests: number, tokens: number, now: number, head: boolean): WaitInfo | undefined {
    // While a limit is unknown, one request at a time: the next waits for this one's headers.
    const discovering = (this.requestLimit.discovering || this.tokenLimit.discovering) && this.held.size > 0;
    const candidates: WaitInfo[] = [
      { reason: 'concurrency', waitMs: discovering ? Number.POSITIVE_INFINITY : 0 },
      { reason: 'cooldown', waitMs: this.coolDownRemaining() },
      { reason: this.sharedWait?.reason ?? 'concurrency', waitMs: head && this.sharedWait ? Math.max(0, this.sharedWait.until - now) : 0 },
      { reason: 'requests', waitMs: head ? this.requestLimit.msUntil(requests, now) : this.requestLimit.estimateMs(requests, now) },
      { reason: 'tokens', waitMs: head ? this.tokenLimit.msUntil(tokens, now) : this.tokenLimit.estimateMs(tokens, now) },
    ];
    let longest: WaitInfo | undefined;
    for (const wait of candidates) if (wait.waitMs > 0 && (!longest || wait.waitMs > longest.waitMs)) longest = wait;
    return longest;
  }

  /** Keeps exactly one timer, for the head's wait; none while idle or waiting on a response. */
  private schedule(waitMs: number | undefined, now: number): void {
    if (waitMs === undefined) return this.cancelTimer();
    const due = now + waitMs;
    if (this.timer?.due === due) return;
    this.cancelTimer();
    const controller = new AbortController();
    this.timer = { due, controller };
    this.clock.sleep(waitMs, controller.signal).then(
      () => {
        if (this.timer?.controller !== controller) return;
        this.timer = undefined;
        this.pump();
      },
      () => undefined, // cancelled: a newer timer replaced it, or the queue emptied
    );
  }

  private cancelTimer(): void {
    this.timer?.controller.abort();
    this.timer = undefined;
  }
}

/** Waiting on a response (discovery) has no known end: callers are told 0, meaning unknown. */
function reportable(wait: WaitInfo | undefined): WaitInfo | undefined {
  return wait && !Number.isFinite(wait.waitMs) ? { reason: wait.reason, waitMs: 0 } : wait;
}
