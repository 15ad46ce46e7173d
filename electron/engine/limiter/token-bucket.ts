/**
 * A continuously refilling token bucket, the model OpenAI-style limits follow: `limit` units per
 * minute trickle in at limit/60 per second up to `capacity`. Pure: every method takes `now` (ms),
 * so the client limiter and the simulator share it and tests need no clock at all.
 *
 * The level may go negative ("debt"): reconciling a reservation against real usage, or a request
 * larger than the whole capacity, is charged in full and repaid by refill.
 */
export interface TokenBucketOptions {
  /** Units added per minute. */
  readonly perMinute: number;
  /** Most units the bucket holds. @default perMinute (a whole minute's budget) */
  readonly capacity?: number;
  /** Level at `now`. @default capacity */
  readonly initial?: number;
  readonly now: number;
}

export class TokenBucket {
  private ratePerMs: number;
  private cap: number;
  private value: number;
  private updatedAt: number;

  constructor(options: TokenBucketOptions) {
    assertPositive('perMinute', options.perMinute);
    this.ratePerMs = options.perMinute / 60_000;
    this.cap = options.capacity ?? options.perMinute;
    assertPositive('capacity', this.cap);
    this.value = Math.min(options.initial ?? this.cap, this.cap);
    this.updatedAt = options.now;
  }

  get capacity(): number {
    return this.cap;
  }

  get perMinute(): number {
    return this.ratePerMs * 60_000;
  }

  level(now: number): number {
    this.refill(now);
    return this.value;
  }

  /**
   * Milliseconds until `amount` can be taken. An amount above capacity can never fit; it is let
   * through once the bucket is full (and then runs into debt), so it is not starved forever.
   */
  msUntil(amount: number, now: number): number {
    this.refill(now);
    const need = Math.min(amount, this.cap) - this.value;
    // Rounding up a float quotient such as 50.00000000000004 would add a whole millisecond.
    return need <= 0 ? 0 : Math.ceil(need / this.ratePerMs - 1e-9);
  }

  tryTake(amount: number, now: number): boolean {
    if (this.msUntil(amount, now) > 0) return false;
    this.value -= amount;
    return true;
  }

  /** Charges `amount` (negative refunds) whether or not it fits. */
  adjust(amount: number, now: number): void {
    this.refill(now);
    this.value = Math.min(this.cap, this.value - amount);
  }

  /** Overrides the level, e.g. with what the server reports remaining. */
  setLevel(level: number, now: number): void {
    this.refill(now);
    this.value = Math.min(this.cap, level);
  }

  /** Changes the rate (and capacity) in place, keeping the current level. */
  setRate(perMinute: number, now: number, capacity = perMinute): void {
    assertPositive('perMinute', perMinute);
    assertPositive('capacity', capacity);
    this.refill(now);
    this.ratePerMs = perMinute / 60_000;
    this.cap = capacity;
    this.value = Math.min(this.value, capacity);
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.value = Math.min(this.cap, this.value + (now - this.updatedAt) * this.ratePerMs);
      this.updatedAt = now;
    }
  }
}

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Token bucket ${name} must be a positive number, got ${value}`);
}
