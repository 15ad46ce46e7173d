/**
 * The local model of a server that counts fixed windows: `allowance` units per window of
 * `lengthMs`, the next one starting at grant time `end` (the server's boundary, learned from its
 * `reset` header, plus a margin for timing noise). A request larger than a whole window is let into
 * an empty one, as servers do (else it could never pass); nothing carries from one window into the
 * next, and where a server does carry, the first answer of the next window says so. Pure: every
 * method takes `now`.
 *
 * A grant reaches the server some time later, and the requests of one burst leave one after
 * another: one granted shortly before `end` may be counted in the next window, which this model
 * would then fill once more. So nothing new is admitted in the last `guardMs` before `end`; what
 * waits goes first when the window turns.
 */
export class FixedWindow {
  private endAt: number;
  private length: number;
  private units: number;
  private used: number;
  private guard: number;

  constructor(options: { end: number; lengthMs: number; allowance: number; used: number; guardMs?: number }) {
    this.endAt = options.end;
    this.length = Math.max(1, options.lengthMs);
    this.units = Math.max(Number.MIN_VALUE, options.allowance);
    this.used = Math.max(0, options.used);
    this.guard = Math.max(0, options.guardMs ?? 0);
  }

  /** Ms before `end` in which nothing new is admitted. */
  get guardMs(): number {
    return this.guard;
  }

  set guardMs(ms: number) {
    this.guard = Math.max(0, ms);
  }

  get allowance(): number {
    return this.units;
  }

  get lengthMs(): number {
    return this.length;
  }

  /** Grant time from which the next window starts. */
  end(now: number): number {
    this.roll(now);
    return this.endAt;
  }

  /** Units counted in the current window. */
  usedAt(now: number): number {
    this.roll(now);
    return this.used;
  }

  room(now: number): number {
    this.roll(now);
    return this.guarded(now) ? 0 : Math.max(0, this.units - this.used);
  }

  /** Ms until `amount` fits, in this window or a later one. */
  msUntil(amount: number, now: number): number {
    this.roll(now);
    if (this.guarded(now)) return this.endAt - now;
    return this.used === 0 || this.used + amount <= this.units ? 0 : this.endAt - now;
  }

  /** Ms until `cumulative` units (the requests of several waiters together) could all have gone. */
  estimateMs(cumulative: number, now: number): number {
    this.roll(now);
    const used = this.guarded(now) ? Math.max(this.used, this.units) : this.used;
    const windows = Math.ceil((used + cumulative - this.units) / this.units);
    return windows <= 0 ? 0 : this.endAt + (windows - 1) * this.length - now;
  }

  /** Charges (positive) or refunds (negative) units in the current window. */
  adjust(amount: number, now: number): void {
    this.roll(now);
    this.used = Math.max(0, this.used + amount);
  }

  /** The server said this window is spent (a 429). */
  drain(now: number): void {
    this.roll(now);
    this.used = Math.max(this.used, this.units);
  }

  /**
   * What a response said: the server's boundary for the window it counted the request in, what
   * it had left there, and what was granted since. A boundary about a window ahead of ours moves
   * ours (the server knows best); one behind is a late answer about a past window. Within the same
   * window, a local count below the server's proves someone else uses the quota: take the
   * cautious end, as if none of what was granted since had reached the server yet.
   */
  observe(seen: { end: number; remaining: number; grantedAfter: number; allowance: number; lengthMs: number | undefined }, now: number): void {
    this.roll(now);
    this.units = Math.max(Number.MIN_VALUE, seen.allowance);
    if (seen.lengthMs !== undefined) this.length = Math.max(1, seen.lengthMs);
    const half = this.length / 2;
    if (seen.end < this.endAt - half) return;
    if (seen.end > this.endAt + half) {
      this.endAt = seen.end;
      this.used = Math.max(0, this.units - seen.remaining + seen.grantedAfter);
      return;
    }
    this.endAt = Math.max(this.endAt, seen.end);
    // With nothing granted since, nothing raced that answer: it is the whole truth.
    const tolerance = seen.grantedAfter > 0 ? 1 : 0;
    if (this.units - this.used > seen.remaining + tolerance) this.used = this.units - seen.remaining + seen.grantedAfter;
  }

  private guarded(now: number): boolean {
    return now >= this.endAt - this.guard;
  }

  private roll(now: number): void {
    if (now < this.endAt) return;
    this.endAt += (Math.floor((now - this.endAt) / this.length) + 1) * this.length;
    this.used = 0;
  }
}
