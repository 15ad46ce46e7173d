/**
 * Fixed windows of `periodMs` aligned on the clock (window k covers [k·period, (k+1)·period)),
 * each admitting `allowance` units; what one window used never carries into the next. An empty
 * window admits any single request, so a request larger than the allowance is not shut out for
 * ever and at least one request passes per window.
 */
export class FixedWindow {
  readonly periodMs: number;
  readonly allowance: number;
  private index: number;
  private used: number;

  constructor(periodMs: number, allowance: number, now: number, used = 0) {
    this.periodMs = periodMs;
    this.allowance = allowance;
    this.index = this.indexAt(now);
    this.used = used;
  }

  usedAt(now: number): number {
    const index = this.indexAt(now);
    // Only forward: a clock that steps back keeps the window it was in.
    if (index > this.index) {
      this.index = index;
      this.used = 0;
    }
    return this.used;
  }

  fits(cost: number, now: number): boolean {
    const used = this.usedAt(now);
    // The tolerance absorbs float allowances such as 1,000 × 0.1 / 60.
    return used === 0 || used + cost <= this.allowance + 1e-9;
  }

  /** 0 when `cost` fits now, else the time to this window's end (the next one is empty). */
  waitMs(cost: number, now: number): number {
    return this.fits(cost, now) ? 0 : this.msToEnd(now);
  }

  charge(cost: number, now: number): void {
    this.usedAt(now);
    this.used += cost;
  }

  remaining(now: number): number {
    return Math.max(0, Math.floor(this.allowance - this.usedAt(now) + 1e-9));
  }

  msToEnd(now: number): number {
    this.usedAt(now);
    return (this.index + 1) * this.periodMs - now;
  }

  private indexAt(now: number): number {
    return Math.floor(now / this.periodMs);
  }
}
