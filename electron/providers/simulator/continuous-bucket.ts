/**
 * A continuously refilling bucket: `perMinute` units trickle in at perMinute/60,000 per ms up to
 * `capacity`. The level may go below zero: a strict server charges rejected requests, and a
 * request larger than the whole capacity is let in once the bucket is full and then owes the rest.
 */
export class ContinuousBucket {
  readonly perMinute: number;
  readonly capacity: number;
  private level: number;
  private at: number;

  constructor(perMinute: number, capacity: number, level: number, now: number) {
    this.perMinute = perMinute;
    this.capacity = capacity;
    this.level = Math.min(level, capacity);
    this.at = now;
  }

  levelAt(now: number): number {
    // A clock that steps back (the wall clock can) refills nothing rather than draining.
    if (now > this.at) {
      this.level = Math.min(this.capacity, this.level + ((now - this.at) * this.perMinute) / 60_000);
      this.at = now;
    }
    return this.level;
  }

  /** Whole milliseconds until `cost` (at most the capacity) is there; 0 when it is there now. */
  waitMs(cost: number, now: number): number {
    const missing = Math.min(cost, this.capacity) - this.levelAt(now);
    if (missing <= 0) return 0;
    // A hair of tolerance, so 50.000000000004 ms of float noise is 50 ms, not 51.
    return Math.max(0, Math.ceil((missing * 60_000) / this.perMinute - 1e-6));
  }

  charge(cost: number, now: number): void {
    this.levelAt(now);
    this.level -= cost;
  }

  msUntilFull(now: number): number {
    return ((this.capacity - this.levelAt(now)) * 60_000) / this.perMinute;
  }
}
