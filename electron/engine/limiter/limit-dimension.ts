import type { LimitShape } from '../../../shared/domain/rate-limit.ts';
import type { SharedShape } from '../quota/redis-quota-store.ts';
import { BurstControl } from './burst-control.ts';
import { FixedWindow } from './fixed-window.ts';
import { BASE_TOLERANCE_MS, ShapeDetector } from './shape-detector.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * One dimension of a rate limit (requests or tokens per minute) as the limiter sees it: the rate
 * (the lower of the user's setting and the server's header), and the shape the server enforces it
 * in, learned from evidence rather than assumed (burst-control.ts, shape-detector.ts).
 *
 * Until the shape is known, a continuous bucket whose capacity is the learned burst, and nothing
 * beyond what the last response proved until the moment it named (its `reset`): both a bucket and a
 * window server agree on that much. A bucket server then gets the bucket alone; a fixed-window
 * server gets a model of its windows (fixed-window.ts).
 *
 * Three states of the rate: known, discovering (no limit yet: the limiter admits one request at a
 * time until a response's headers tell), or unlimited (a response came back without the header,
 * e.g. Ollama: there is nothing to pace against).
 */
export type DimensionName = 'requests' | 'tokens';

/** Where one permit was charged, so that a later refund lands on the same model or nowhere. */
export interface Charge {
  readonly bucket: TokenBucket | undefined;
  readonly window: FixedWindow | undefined;
  readonly hidden: FixedWindow | undefined;
  /** `granted` right after this permit: what was granted later is `granted - mark`. */
  readonly mark: number;
  readonly amount: number;
}

/** What a settled response says about this dimension. */
export interface Observation {
  readonly limit: number | undefined;
  readonly remaining: number | undefined;
  readonly resetMs: number | undefined;
  /** A completed request's headers: a limit missing from them means "not limited". */
  readonly conclusive: boolean;
  /** The request succeeded: evidence for a larger burst when the server reports room. */
  readonly succeeded: boolean;
  readonly charge: Charge;
  readonly grantedAt: number;
  /** Units held by permits still in flight (not counting the one settling). */
  readonly inFlight: number;
}

/** What a 429 on this dimension said. */
export interface Rejection {
  /** What the 429's headers reported left in this dimension, if they did. */
  readonly remaining: number | undefined;
  /** When the server said to come back, if it did. */
  readonly retryAfterMs: number | undefined;
  /** The 429 named this dimension (not just "rate limited"). */
  readonly named: boolean;
}

/** A grant while no window is modelled, and where its answer placed it. */
interface RecentGrant {
  readonly at: number;
  readonly amount: number;
  readonly mark: number;
  /** Grant time + `reset` from its answer: the end of the window the server counted it in. */
  countedUntil?: number;
}

/** What the last response proved is left, until the moment its `reset` named. */
interface Proof {
  readonly remaining: number;
  readonly mark: number;
  readonly until: number;
}

/** Lengths tried, shortest first, for a period the server enforces without saying so. */
const HIDDEN_PERIODS_MS = [100, 1_000, 10_000, 60_000] as const;

/** Window boundaries are kept this far clear of, at least, so a request does not arrive early. */
const MIN_WINDOW_MARGIN_MS = 10;
const MAX_WINDOW_MARGIN_MS = 500;
/**
 * Before a burst has been seen, how long its requests take to leave is unknown: this share of a
 * window (at most MAX_WINDOW_MARGIN_MS) before its end is kept clear of new grants all the same.
 */
const GUARD_SHARE = 0.1;
/** A `reset` this close to what one request takes to refill is a full bucket's. */
const FULL_BUCKET_TOLERANCE_MS = 25;
/** Headers showing at most this share of a minute's quota at once describe a short shape (capacityShown). */
const SHOWN_SHARE_OF_MINUTE = 0.5;
/** However noisy the timing, most of a window stays open. */
const MAX_GUARD_SHARE = 0.25;

export class LimitDimension {
  readonly name: DimensionName;
  private readonly networkDelayMs: number;
  private readonly burst: BurstControl;
  private readonly detector = new ShapeDetector();
  private user: number | null;
  private server: number | undefined;
  private unlimited = false;
  /** The limit in force (kept as set: a bucket's perMinute goes through a float division). */
  private inForce: number | null = null;
  /** Created by the first grant: its capacity is the learned burst, which starts at that grant's size. */
  private bucket: TokenBucket | undefined;
  private window: FixedWindow | undefined;
  /**
   * A shorter period the server enforces without reporting it (a limit "quantized" per second or
   * per 100 ms: its headers show a whole minute's bucket with room, and it still says 429).
   */
  private hidden: FixedWindow | undefined;
  private windowMargin = MIN_WINDOW_MARGIN_MS;
  /** The widest spread of grant time + reset seen within one window: how unevenly requests reach the server. */
  private windowSpread = 0;
  private proof: Proof | undefined;
  /**
   * A bucket server's capacity as its headers show it: the most `remaining + reset × rate` seen.
   * `remaining` is rounded down, so each sample is a little under the truth and the most of them
   * approaches it from below. 0 until a bucket is recognised.
   */
  private capacitySeen = 0;
  /**
   * The most `remaining + reset × rate` seen before the shape was known: those answers were a
   * bucket's too once one is recognised, and the first (a lone probe into a full bucket) is often
   * the exact capacity, where later ones within a burst fall up to a unit short.
   */
  private capacityBefore = 0;
  /** Units granted so far, never decreasing: lets a header correction count what came after. */
  private granted = 0;
  /** `granted` at the last drain: the server's "empty" already covered every permit up to it. */
  private drainMark = -1;
  /**
   * Grants of the last minute while no window is modelled: the answer that reveals a window may
   * speak of one already over, and what was granted after its end is the next window's.
   */
  private recentGrants: RecentGrant[] = [];
  /**
   * Grants counted in the first modelled window only because their answers had not come yet: an
   * answer that places one in the window before hands its units back.
   */
  private unplaced: { readonly windowEnd: number; readonly amounts: Map<number, number> } | undefined;

  constructor(name: DimensionName, user: number | null, now: number, options: { networkDelayMs?: number; burst?: number } = {}) {
    this.name = name;
    this.networkDelayMs = options.networkDelayMs ?? 0;
    this.user = checkLimit(name, user);
    if (options.burst !== undefined && !(Number.isFinite(options.burst) && options.burst > 0)) {
      throw new RangeError(`The ${name} burst must be a positive number, or left out to learn it from the server, got ${options.burst}`);
    }
    this.burst = new BurstControl(Number.POSITIVE_INFINITY, options.burst);
    this.applyLimit(now, 0);
  }

  /** The limit in force (the lower of the user's and the server's), null while none is known. */
  get limit(): number | null {
    return this.inForce;
  }

  get discovering(): boolean {
    return this.inForce === null && !this.unlimited;
  }

  /** What was learned of the server's shape, for the run's gauge and the estimate. */
  get shape(): LimitShape {
    if (this.window) return { kind: 'window', seconds: this.window.lengthMs / 1_000, allowance: this.window.allowance };
    if (this.hidden) return { kind: 'quantized', seconds: this.hidden.lengthMs / 1_000, allowance: this.hidden.allowance };
    const burst = this.burst.burst;
    if (this.burst.mode === 'pinned') return { kind: 'pinned', burst };
    return { kind: this.detector.shape.kind === 'bucket' ? 'bucket' : 'learning', burst };
  }

  /**
   * What a change must alter to be worth announcing: the kind, a window's size and its length
   * confirmed (then it is shared with other processes), a burst crossing a power of two (slow
   * start would otherwise announce every success), and a burst reaching what the server proved
   * (so the last value shown is the true one).
   */
  get signature(): string {
    const shape = this.shape;
    if (shape.kind === 'window') return `${shape.kind}:${shape.seconds}:${shape.allowance}:${this.lengthConfirmed}`;
    if (shape.kind === 'quantized') return `${shape.kind}:${shape.seconds}:${shape.allowance}`;
    return `${shape.kind}:${Math.floor(Math.log2(Math.max(1, shape.burst)))}:${shape.burst >= this.burst.ceiling}`;
  }

  /**
   * How much may go at once, as far as is known: a window's allowance, or the burst (twice it in
   * slow start, which can double it within a round trip). Infinity with no limit in force. For
   * sizing the worker pool: workers that wait for nothing at a window's turn cost a round trip.
   */
  atOnce(): number {
    if (this.inForce === null) return Number.POSITIVE_INFINITY;
    if (this.window) return this.window.allowance;
    const burst = Math.max(this.burst.burst, 1);
    return this.burst.mode === 'slow-start' ? 2 * burst : burst;
  }

  /**
   * What every process sharing this quota should enforce (in this process's clock): a window (the
   * server's, or the shorter period it enforces unsaid), or a bucket holding the learned burst.
   */
  sharedShape(now: number): { limit: number | null; shape: SharedShape | undefined } {
    if (this.inForce === null) return { limit: null, shape: undefined };
    // Until two windows' ends confirm a round length, it is a guess (from an allowance that may
    // have looked short, or a noisy gap): shared, it would set every member's windows drifting
    // off the server's.
    const window = this.lengthConfirmed ? (this.window ?? this.hidden) : this.hidden;
    if (window) return { limit: this.inForce, shape: { kind: 'window', lengthMs: window.lengthMs, phaseMs: window.end(now) % window.lengthMs, allowance: window.allowance, guardMs: window.guardMs, used: window.usedAt(now) } };
    return { limit: this.inForce, shape: { kind: 'bucket', capacity: Math.max(1, this.burst.burst) } };
  }

  /** A round length the ends confirmed: a measured gap is too noisy for every member to count by. */
  private get lengthConfirmed(): boolean {
    const shape = this.detector.shape;
    return shape.kind === 'window' && shape.lengthExact;
  }

  /** What may go now, never below 0; Infinity with no limit in force. */
  headroom(now: number): number {
    if (this.inForce === null) return Number.POSITIVE_INFINITY;
    if (this.window) return this.window.room(now);
    const proven = Math.min(this.provenRoom(now), this.hidden ? this.hidden.room(now) : Number.POSITIVE_INFINITY);
    const level = this.bucket ? this.bucket.level(now) : this.burst.burst || 1;
    return Math.max(0, Math.min(level, proven));
  }

  /**
   * Ms until `amount` fits. The server charges a request when it arrives, `networkDelayMs` after
   * we grant it, so a bucket server's level runs that much behind ours: keeping that much refill in
   * hand shifts admissions once, by the delay, and leaves their rate unchanged.
   */
  msUntil(amount: number, now: number): number {
    if (this.inForce === null) return 0;
    if (this.window) return Math.max(0, this.window.msUntil(amount, now));
    let wait = this.hidden ? Math.max(0, this.hidden.msUntil(amount, now)) : 0;
    if (this.proof && now < this.proof.until && this.provenRoom(now) < amount) wait = this.proof.until - now;
    // Room the server's last answer proved involves no refill, so nothing of it is held back.
    const provenNow = this.proof !== undefined && now < this.proof.until && this.provenRoom(now) >= amount;
    if (this.bucket) wait = Math.max(wait, this.bucket.msUntil(amount + (provenNow ? 0 : (this.inForce * this.networkDelayMs) / 60_000), now));
    return wait;
  }

  /** Ms until `cumulative` units (several waiters together) could have gone: an estimate. */
  estimateMs(cumulative: number, now: number): number {
    if (this.inForce === null) return 0;
    if (this.window) return Math.max(0, this.window.estimateMs(cumulative, now));
    const level = this.bucket ? this.bucket.level(now) : 0;
    return Math.max(0, Math.ceil(((cumulative - level) * 60_000) / this.inForce));
  }

  grant(amount: number, now: number): Charge {
    if (this.inForce !== null && !this.bucket) {
      this.burst.atLeast(amount);
      this.bucket = new TokenBucket({ perMinute: this.inForce, capacity: this.burst.burst, now });
    }
    this.bucket?.adjust(amount, now);
    this.window?.adjust(amount, now);
    this.hidden?.adjust(amount, now);
    if (!this.window) {
      while (this.recentGrants.length > 0 && this.recentGrants[0]!.at < now - 60_000) this.recentGrants.shift();
      this.recentGrants.push({ at: now, amount, mark: this.granted + amount });
    }
    this.granted += amount;
    return { bucket: this.bucket, window: this.window, hidden: this.hidden, mark: this.granted, amount };
  }

  /** Charges (positive) or refunds (negative) a difference for a permit settled late. */
  reconcile(charge: Charge, amount: number, now: number): void {
    if (amount === 0) return;
    // After a drain the level is the server's own "empty", which already counted this permit:
    // refunding it would hand back budget the server does not have.
    if (amount < 0 && charge.mark <= this.drainMark) return;
    if (this.bucket && charge.bucket === this.bucket) this.bucket.adjust(amount, now);
    if (this.window && charge.window === this.window) this.window.adjust(amount, now);
    if (this.hidden && charge.hidden === this.hidden) this.hidden.adjust(amount, now);
  }

  /**
   * A 429 on this dimension for a request the model had let through, so the model was wrong:
   *
   * - on a window server, the boundary came later than it seemed: keep further clear of it;
   * - when the 429's own headers show room for the request, the server enforces a shorter period
   *   than it reports (a quantized limit): model that period, as a window ending when the server
   *   said to come back, sized at the limit's rate. A guess of its length that proves too short
   *   (another 429 where it had room) grows tenfold: 100 ms, 1 s, 10 s, a minute;
   * - otherwise the server's bucket is smaller than the burst let through: it is empty now (the
   *   server just said so; debt stays debt), and the burst halves, once per wave.
   */
  rejected(charge: Charge, grantedAt: number, now: number, said: Rejection): void {
    if (this.inForce === null) return;
    if (this.window) {
      this.windowMargin = Math.min(MAX_WINDOW_MARGIN_MS, this.windowMargin * 2);
      this.window.guardMs = this.windowGuard(this.window.lengthMs);
      this.window.drain(now);
      return;
    }
    const roomShown = said.named && said.remaining !== undefined && said.remaining >= charge.amount;
    if (roomShown && said.retryAfterMs !== undefined && said.retryAfterMs > 0 && said.retryAfterMs < 60_000) {
      this.learnHiddenPeriod(charge, grantedAt + said.retryAfterMs + this.windowMargin, said.retryAfterMs, now);
      return;
    }
    this.drainMark = this.granted;
    if (this.bucket && this.bucket.level(now) > 0) this.bucket.setLevel(0, now);
    if (this.burst.shrink(charge.amount, charge.mark, this.granted)) this.resizeBucket(now);
  }

  private learnHiddenPeriod(charge: Charge, end: number, retryAfterMs: number, now: number): void {
    const limit = this.inForce ?? 1;
    const previous = this.hidden;
    // Our own model had room for it: the period is longer than guessed.
    const tooShort = previous !== undefined && charge.hidden === previous;
    const shortest = tooShort ? previous.lengthMs * 10 : retryAfterMs;
    const lengthMs = HIDDEN_PERIODS_MS.find((period) => period >= shortest) ?? 60_000;
    if (!previous || previous.lengthMs !== lengthMs) {
      this.hidden = new FixedWindow({ end, lengthMs, allowance: Math.max(1, (limit * lengthMs) / 60_000), used: 0 });
    }
    this.hidden?.drain(now);
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
      this.capacitySeen = 0;
      this.capacityBefore = 0;
      this.bucket = undefined;
      this.window = undefined;
      this.hidden = undefined;
      this.proof = undefined;
      this.recentGrants = [];
      this.unplaced = undefined;
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
      changed = this.applyLimit(now, seen.inFlight, { amount: seen.charge.amount, grantedAt: seen.grantedAt });
    } else if (seen.conclusive && this.discovering) {
      this.unlimited = true;
    }
    if (this.inForce === null) return changed;
    // A 429 was not charged on a lenient server: counting it would make a bucket look like a window.
    if (seen.remaining !== undefined && seen.resetMs !== undefined && seen.succeeded) this.learnShape(seen, seen.remaining, seen.resetMs, now);
    const bounds = seen.remaining === undefined || this.window ? undefined : this.serverLevel(seen.remaining, seen.resetMs, seen.charge, seen.grantedAt, now);
    const roomReported = seen.remaining === undefined || seen.remaining >= seen.charge.amount;
    if (seen.succeeded && roomReported) {
      const shown = this.capacityShown(seen);
      // A jump spends what the server had when it answered, not what may have refilled since: the
      // probe reached it some time after its grant, and the burst will too.
      const jumpAtLeast = shown === undefined || seen.remaining === undefined ? bounds?.atLeast : Math.min(bounds?.atLeast ?? Number.POSITIVE_INFINITY, seen.remaining - (this.granted - seen.charge.mark));
      this.grow(seen.charge.amount, jumpAtLeast, shown, now);
    }
    if (bounds && this.bucket) {
      // Only a local level above even the upper bound proves another client shares the key, or
      // that the local model ran ahead; then take the cautious end. Lowering on the lower bound
      // alone would throw away budget whenever many requests race; a header never raises a level.
      if (this.bucket.level(now) > bounds.atMost) this.bucket.setLevel(bounds.atLeast, now);
    }
    return changed;
  }

  private learnShape(seen: Observation, remaining: number, resetMs: number, now: number): void {
    const ratePerMs = (this.server ?? this.inForce ?? 1) / 60_000;
    const { mark, amount } = seen.charge;
    this.placeGrant(mark, seen.grantedAt + resetMs);
    this.detector.observe({ grantedAt: seen.grantedAt, mark, amount, remaining, resetMs }, ratePerMs);
    const shape = this.detector.shape;
    const grantedAfter = this.granted - mark;
    if (shape.kind === 'window') {
      this.windowMargin = Math.max(this.windowMargin, Math.min(MAX_WINDOW_MARGIN_MS, 2 * shape.jitterMs));
      this.windowSpread = Math.max(this.windowSpread, shape.jitterMs);
      const lengthMs = shape.lengthMs ?? (this.inForce ? (shape.allowance * 60_000) / (this.server ?? this.inForce) : 60_000);
      const end = shape.end + this.windowMargin;
      if (this.window) this.placeUnplaced(mark, seen.grantedAt + resetMs, now);
      else this.window = this.firstWindow(end, lengthMs, shape.allowance, shape.allowance - remaining + grantedAfter, now);
      this.window.observe({ end, remaining, grantedAfter, allowance: shape.allowance, lengthMs: shape.lengthMs }, now);
      this.window.guardMs = this.windowGuard(this.window.lengthMs);
      this.proof = undefined;
      return;
    }
    if (shape.kind === 'bucket') {
      this.proof = undefined;
      // A bucket's capacity is what is left plus what refills until it is full.
      this.capacitySeen = Math.max(this.capacitySeen, this.capacityBefore, amount, remaining + resetMs * ratePerMs);
      this.updateCeiling(now);
      return;
    }
    this.capacityBefore = Math.max(this.capacityBefore, remaining + resetMs * ratePerMs);
    // Requests granted together reach the server in any order: an answer counted early shows more
    // left than its place among our grants implies. So a proof stands until one names a later
    // moment (the window turned, or a bucket drained further) or proves less room.
    const until = seen.grantedAt + resetMs + this.windowMargin;
    const proof = this.proof;
    if (!proof || now >= proof.until || until > proof.until + BASE_TOLERANCE_MS || remaining - grantedAfter <= this.provenRoom(now)) this.proof = { remaining, mark, until };
  }

  /**
   * The window model, from an answer about the window ending at `end`. When that window is over
   * already, what was granted since its guard began went to the window now current (or may have:
   * counting it there is the safe side).
   */
  private firstWindow(end: number, lengthMs: number, allowance: number, used: number, now: number): FixedWindow {
    const guardMs = this.windowGuard(lengthMs);
    // The answer counts what reached the server before it; requests granted earlier may have
    // reached it later, and this client's own grants since the window began are in it all the same.
    let ownUsed = 0;
    for (const grant of this.recentGrants) if (grant.at >= end - this.windowMargin - lengthMs) ownUsed += grant.amount;
    const window = new FixedWindow({ end, lengthMs, allowance, used: Math.max(used, ownUsed), guardMs });
    const start = window.end(now) - lengthMs;
    if (start >= end) {
      const amounts = new Map<number, number>();
      for (const grant of this.recentGrants) {
        // Answered as counted in a window over by now: not this one's.
        if (grant.at < start - guardMs || (grant.countedUntil !== undefined && grant.countedUntil <= start)) continue;
        window.adjust(grant.amount, now);
        if (grant.countedUntil === undefined) amounts.set(grant.mark, grant.amount);
      }
      this.unplaced = amounts.size > 0 ? { windowEnd: window.end(now), amounts } : undefined;
    }
    this.recentGrants = [];
    return window;
  }

  /** A late answer for a grant counted in the first window on suspicion: if it was the window before's, its units come back. */
  private placeUnplaced(mark: number, countedUntil: number, now: number): void {
    const unplaced = this.unplaced;
    if (!unplaced || !this.window) return;
    const windowEnd = this.window.end(now);
    if (windowEnd !== unplaced.windowEnd) {
      this.unplaced = undefined;
      return;
    }
    const amount = unplaced.amounts.get(mark);
    if (amount === undefined) return;
    unplaced.amounts.delete(mark);
    if (countedUntil <= windowEnd - this.window.lengthMs) this.window.adjust(-amount, now);
  }

  /** Notes which window the server counted a recent grant in (grants are kept in `mark` order). */
  private placeGrant(mark: number, countedUntil: number): void {
    const grants = this.recentGrants;
    let low = 0;
    let high = grants.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const grant = grants[middle]!;
      if (grant.mark === mark) {
        grant.countedUntil = countedUntil;
        return;
      }
      if (grant.mark < mark) low = middle + 1;
      else high = middle - 1;
    }
  }

  /**
   * How long before the local end of a window nothing new is granted. The local end lies the
   * margin after the latest the server's boundary seems; a grant reaches the server up to the
   * spread seen later than the quickest: one granted within both of the end may be counted in the
   * next window.
   */
  private windowGuard(lengthMs: number): number {
    const unseenBurst = Math.min(GUARD_SHARE * lengthMs, MAX_WINDOW_MARGIN_MS);
    return Math.min(MAX_GUARD_SHARE * lengthMs, Math.max(this.windowMargin + this.windowSpread, unseenBurst));
  }

  /** Room the last response proved, less what was granted since; Infinity when nothing holds. */
  private provenRoom(now: number): number {
    if (!this.proof || now >= this.proof.until) return Number.POSITIVE_INFINITY;
    return this.proof.remaining - (this.granted - this.proof.mark);
  }

  /**
   * A success with room reported grows the burst. In slow start it also adds to what may go now,
   * but never past what the server surely has (`atLeast`, when a response said): growth is a
   * bet on a larger burst, not on budget the server has not shown. A burst the headers `shown`
   * ends slow start there at once, on the same terms.
   */
  private grow(amount: number, atLeast: number | undefined, shown: number | undefined, now: number): void {
    const added = (shown === undefined ? 0 : this.burst.adopt(shown)) + this.burst.grow(amount);
    this.resizeBucket(now);
    if (added <= 0 || !this.bucket) return;
    const room = atLeast === undefined ? added : Math.min(added, Math.max(0, atLeast - this.bucket.level(now)));
    this.bucket.adjust(-room, now);
  }

  /**
   * What a success's headers show the server holds at once, when that is clearly less than a
   * minute's quota: a small bucket (`remaining` + what refills until `reset`) or a short window
   * (what is left in it, the request included) tells its true size. Slow start may jump there at
   * once, still never past what the server has left (`grow`): a run that starts late in a window
   * would otherwise lose that window growing towards it. Headers that show a whole minute prove
   * nothing (a quantized server shows one and enforces far less), so slow start keeps probing;
   * nor does a bucket that was full, where slow start loses nothing.
   */
  private capacityShown(seen: Observation): number | undefined {
    // Only the probe's answer, with nothing else of ours out: later ones show our own draws as much as the server's shape.
    if (this.inForce === null || this.window || seen.remaining === undefined || seen.resetMs === undefined || seen.inFlight > 0 || this.granted !== seen.charge.amount) return undefined;
    const rate = this.server ?? this.inForce;
    // A bucket that was full before this request lacks just what it took: slow start finds it as
    // fast, and a burst at once would race its refill on a machine too busy to send it at once.
    const refillOfThis = (seen.charge.amount * 60_000) / rate;
    if (Math.abs(seen.resetMs - refillOfThis) <= Math.max(FULL_BUCKET_TOLERANCE_MS, 0.05 * refillOfThis)) return undefined;
    const shown = seen.remaining + seen.charge.amount;
    return seen.remaining + (seen.resetMs * rate) / 60_000 <= SHOWN_SHARE_OF_MINUTE * rate ? shown : undefined;
  }

  /** The burst never exceeds one minute's quota, nor the capacity a bucket server proved. */
  private updateCeiling(now: number): void {
    const proven = this.capacitySeen > 0 ? Math.ceil(this.capacitySeen - 1e-6) : Number.POSITIVE_INFINITY;
    this.burst.setCeiling(Math.min(this.inForce ?? Number.POSITIVE_INFINITY, proven));
    this.resizeBucket(now);
  }

  private resizeBucket(now: number): void {
    if (this.bucket && this.inForce !== null && this.burst.burst > 0 && this.bucket.capacity !== this.burst.burst) {
      this.bucket.setRate(this.inForce, now, this.burst.burst);
    }
  }

  /**
   * Where the server's level stands now, from what one response measured when the server admitted
   * its request. Since then the bucket refilled, and of what we granted after that permit any
   * part may already be counted: concurrent requests reach the server in another order than they
   * were granted. So the level lies between `measured + refill − grantedAfter` (none counted yet)
   * and `measured + refill` (all counted).
   *
   * On a recognised bucket the level is known to a millisecond's refill: its capacity less what
   * `reset` says is missing. Otherwise only `remaining` is, rounded down, so within one unit (none
   * when nothing was granted since: then nothing raced it, and the cautious reading costs less
   * than a unit).
   */
  private serverLevel(remaining: number, resetMs: number | undefined, charge: Charge, grantedAt: number, now: number): { atLeast: number; atMost: number } | undefined {
    if (this.inForce === null) return undefined;
    const exact = this.detector.shape.kind === 'bucket' && this.capacitySeen > 0 && resetMs !== undefined;
    const ratePerMs = (this.server ?? this.inForce) / 60_000;
    const measured = exact ? this.capacitySeen - resetMs * ratePerMs : remaining;
    const grantedAfter = this.granted - charge.mark;
    const tolerance = exact ? 0.01 : grantedAfter > 0 ? 1 : 0;
    const refill = (Math.max(0, now - grantedAt) * this.inForce) / 60_000;
    return { atLeast: measured + refill - grantedAfter, atMost: measured + refill + tolerance };
  }

  /**
   * Puts the lower of user and server limits in force. Returns true if it changed. A limit learned
   * from a response (`probe`: the size of the request it answered) starts the burst at that size.
   */
  private applyLimit(now: number, inFlight: number, probe?: { readonly amount: number; readonly grantedAt: number }): boolean {
    const target = lower(this.user, this.server);
    if (target === undefined || target === this.inForce) return false;
    this.inForce = target;
    this.updateCeiling(now);
    if (this.bucket) {
      this.bucket.setRate(target, now, Math.max(this.burst.burst, Number.MIN_VALUE));
    } else if (probe !== undefined || inFlight > 0) {
      // As if the bucket had been there all along: the probe and what is still out went at once,
      // and the probe has been refilling since.
      this.burst.atLeast(Math.max(probe?.amount ?? 0, inFlight));
      const capacity = this.burst.burst;
      const probeShare = probe ? probe.amount - ((now - probe.grantedAt) * target) / 60_000 : 0;
      this.bucket = new TokenBucket({ perMinute: target, capacity, initial: capacity - inFlight - Math.max(0, probeShare), now });
    }
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
