import { TokenBucket } from './token-bucket.ts';

/**
 * One dimension of a rate limit (requests or tokens per minute) as the limiter sees it: the user's
 * setting, what the server's headers said, and the local bucket built from the lower of the two.
 *
 * Three states: a bucket (a limit is known), discovering (no limit yet: the limiter admits one
 * request at a time until a response's headers tell), or unlimited (a response came back without
 * the header, e.g. Ollama: there is nothing to pace against).
 */
export type DimensionName = 'requests' | 'tokens';

/** Where one permit was charged, so that a later refund lands on the same bucket or nowhere. */
export interface Charge {
  readonly bucket: TokenBucket | undefined;
  /** `granted` right after this permit: what was granted later is `granted - mark`. */
  readonly mark: number;
}

/** What a settled response says about this dimension. */
export interface Observation {
  readonly limit: number | undefined;
  readonly remaining: number | undefined;
  /** A completed request's headers: a limit missing from them means "not limited". */
  readonly conclusive: boolean;
  readonly charge: Charge;
  readonly grantedAt: number;
  /** Units held by permits still in flight (not counting the one settling). */
  readonly inFlight: number;
}

export class LimitDimension {
  readonly name: DimensionName;
  private readonly burstSeconds: number;
  private readonly networkDelayMs: number;
  private user: number | null;
  private server: number | undefined;
  private unlimited = false;
  private bucket: TokenBucket | undefined;
  /** The bucket's limit as set (its perMinute getter goes through a float division). */
  private inForce: number | null = null;
  /** Units granted so far, never decreasing: lets a header correction count what came after. */
  private granted = 0;
  /** `granted` at the last drain: the server's "empty" already covered every permit up to it. */
  private drainMark = -1;

  constructor(name: DimensionName, user: number | null, burstSeconds: number, now: number, networkDelayMs = 0) {
    this.name = name;
    this.burstSeconds = burstSeconds;
    this.networkDelayMs = networkDelayMs;
    this.user = checkLimit(name, user);
    this.applyLimit(now, 0);
  }

  /** The limit in force (the lower of the user's and the server's), null while none is known. */
  get limit(): number | null {
    return this.inForce;
  }

  get discovering(): boolean {
    return this.bucket === undefined && !this.unlimited;
  }

  /** What the bucket holds now, never below 0; Infinity with no limit in force. */
  headroom(now: number): number {
    return this.bucket ? Math.max(0, this.bucket.level(now)) : Number.POSITIVE_INFINITY;
  }

  /**
   * Ms until `amount` fits (a request above capacity fits once the bucket is full). The server
   * charges a request when it arrives, `networkDelayMs` after we grant it, so its bucket runs that
   * much behind ours: keeping that much refill in hand shifts admissions once, by the delay, and
   * leaves their rate unchanged.
   */
  msUntil(amount: number, now: number): number {
    if (!this.bucket) return 0;
    return this.bucket.msUntil(amount + (this.bucket.perMinute * this.networkDelayMs) / 60_000, now);
  }

  /** Ms until the level reaches `cumulative`, uncapped: an estimate for a waiter further back. */
  estimateMs(cumulative: number, now: number): number {
    if (!this.bucket) return 0;
    return Math.max(0, Math.ceil(((cumulative - this.bucket.level(now)) * 60_000) / this.bucket.perMinute));
  }

  grant(amount: number, now: number): Charge {
    this.bucket?.adjust(amount, now);
    this.granted += amount;
    return { bucket: this.bucket, mark: this.granted };
  }

  /** Charges (positive) or refunds (negative) a difference for a permit settled late. */
  reconcile(charge: Charge, amount: number, now: number): void {
    if (!this.bucket || charge.bucket !== this.bucket || amount === 0) return;
    // After a drain the level is the server's own "empty", which already counted this permit:
    // refunding it would hand back budget the server does not have.
    if (amount < 0 && charge.mark <= this.drainMark) return;
    this.bucket.adjust(amount, now);
  }

  /** The server said this bucket is empty (a 429). Debt stays debt. */
  drain(now: number): void {
    this.drainMark = this.granted;
    if (this.bucket && this.bucket.level(now) > 0) this.bucket.setLevel(0, now);
  }

  /**
   * A user change. null forgets what was learned and discovers again; a number becomes the limit
   * unless the server already said a lower one.
   */
  setUser(limit: number | null, now: number, inFlight: number): void {
    this.user = checkLimit(this.name, limit);
    if (limit === null) {
      this.server = undefined;
      this.unlimited = false;
      this.bucket = undefined;
      this.inForce = null;
      return;
    }
    this.applyLimit(now, inFlight);
  }

  /** Learns from one response's headers. Returns true if the limit in force changed. */
  observe(seen: Observation, now: number): boolean {
    let changed = false;
    if (seen.limit !== undefined) {
      this.server = seen.limit;
      this.unlimited = false;
      changed = this.applyLimit(now, seen.inFlight);
    } else if (seen.conclusive && this.discovering) {
      this.unlimited = true;
    }
    if (seen.remaining !== undefined) this.correct(seen.remaining, seen.charge, seen.grantedAt, now);
    return changed;
  }

  /**
   * The server's `remaining` was measured when it admitted that request; since then its bucket
   * refilled. Of what we granted after that permit, any part may already be in `remaining`:
   * concurrent requests reach the server in another order than they were granted. So the server's
   * level now lies between `remaining + refill − grantedAfter` (none counted yet) and
   * `remaining + refill + 1` (all counted; +1 because servers send the floor). Only a local level
   * above even that upper bound proves another client shares the key or the server counts
   * differently; then take the cautious end. Lowering on the lower bound alone would throw away
   * budget whenever many requests race, and a level is never raised from a header.
   */
  private correct(remaining: number, charge: Charge, grantedAt: number, now: number): void {
    if (!this.bucket) return;
    const refill = (Math.max(0, now - grantedAt) * this.bucket.perMinute) / 60_000;
    const grantedAfter = this.granted - charge.mark;
    const level = this.bucket.level(now);
    if (level > remaining + refill + 1) this.bucket.setLevel(remaining + refill - grantedAfter, now);
  }

  /** Puts the lower of user and server limits in force. Returns true if it changed. */
  private applyLimit(now: number, inFlight: number): boolean {
    const target = lower(this.user, this.server);
    if (target === undefined) return false;
    const capacity = (target * this.burstSeconds) / 60;
    if (!this.bucket) {
      // What is in flight will be charged by the server too: start below full by that much.
      this.bucket = new TokenBucket({ perMinute: target, capacity, initial: capacity - inFlight, now });
    } else if (this.inForce !== target) {
      this.bucket.setRate(target, now, capacity);
    } else {
      return false;
    }
    this.inForce = target;
    return true;
  }
}

function lower(user: number | null, server: number | undefined): number | undefined {
  if (user === null) return server;
  return server === undefined ? user : Math.min(user, server);
}

/** Throws a RangeError quoting the value unless it is a positive number or null. */
export function checkLimit(name: DimensionName, limit: number | null): number | null {
  if (limit !== null && !(Number.isFinite(limit) && limit > 0)) {
    const what = name === 'requests' ? 'rpm' : 'tpm';
    throw new RangeError(`${what} must be a positive number of ${name} per minute, or null to discover it from the server, got ${limit}`);
  }
  return limit;
}
