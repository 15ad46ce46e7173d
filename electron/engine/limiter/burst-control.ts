/**
 * How much of one dimension (requests or tokens) may go at once: learned, never assumed.
 *
 * A per-minute limit is a rate, not a burst (provider-behaviour.md): a server with 60 RPM may
 * admit 60 at once, 10 at once, or one per second. So the burst starts at one request (the probe)
 * and grows like TCP's slow start: each success adds what it carried, doubling the burst every
 * round trip, up to a ceiling the evidence allows (a minute's quota, or the capacity the server's
 * headers prove). A 429 that the local model did not expect proves the burst too large: halve it
 * (once per wave: the other 429s of the same wave were sent on the same mistake) and from then on
 * grow by one request's worth per burst's worth of successes, which only raises the ceiling of
 * what may accumulate while idle. Growth in slow start adds to what may be sent now (returned to
 * the caller); growth after a 429 does not, so a server whose headers overstate its burst (a
 * quantized limit) is not probed again by a fresh wave. Headers that show less than a minute at
 * once end slow start at what they show (`adopt`): that server told its burst.
 */
export type BurstMode = 'slow-start' | 'avoidance' | 'pinned';

export class BurstControl {
  private size: number;
  private phase: BurstMode;
  private ceilingUnits: number;
  /** Grants up to this mark (units granted so far) belong to a wave already answered by a decrease. */
  private decreasedAtMark = Number.NEGATIVE_INFINITY;
  private creditSinceGrowth = 0;

  /** `pinned` fixes the burst (the user's advanced setting); otherwise it starts unset. */
  constructor(ceiling: number, pinned?: number) {
    this.ceilingUnits = ceiling;
    this.size = pinned ?? 0;
    this.phase = pinned === undefined ? 'slow-start' : 'pinned';
  }

  /** A pinned burst is the user's, but no burst holds more than the ceiling (a minute's quota). */
  get burst(): number {
    return Math.min(this.size, this.ceilingUnits);
  }

  get mode(): BurstMode {
    return this.phase;
  }

  get ceiling(): number {
    return this.ceilingUnits;
  }

  /**
   * What has gone at once already is a burst the server took: the first grant (one probe
   * request), or the requests out when a limit is learned.
   */
  atLeast(amount: number): void {
    if (this.phase !== 'pinned') this.size = Math.max(this.size, amount, Number.MIN_VALUE);
  }

  /**
   * The server's headers showed how much it holds at once (less than a minute's quota: a true
   * shape, limit-dimension.ts `capacityShown`): slow start ends there. Returns the units that may
   * be sent at once in addition; later growth is additive, as after a 429, since requests racing
   * in a burst reach the server in any order and their answers no longer prove room one by one.
   */
  adopt(shown: number): number {
    if (this.phase !== 'slow-start') return 0;
    const before = this.burst;
    this.size = Math.max(this.size, shown);
    this.phase = 'avoidance';
    this.creditSinceGrowth = 0;
    return Math.max(0, this.burst - before);
  }

  /** Evidence changed what the burst may reach (a lower ceiling also lowers the burst). */
  setCeiling(ceiling: number): void {
    this.ceilingUnits = ceiling;
    if (this.phase !== 'pinned' && this.size > ceiling) this.size = ceiling;
  }

  /**
   * A request succeeded while the server reported room. Returns the units that may be sent at
   * once in addition (slow start only).
   */
  grow(amount: number): number {
    if (this.phase === 'pinned') return 0;
    const before = this.size;
    if (this.phase === 'slow-start') {
      this.size = Math.min(this.ceilingUnits, this.size + amount);
      return Math.max(0, this.size - before);
    }
    this.creditSinceGrowth += amount;
    if (this.creditSinceGrowth >= this.size) {
      this.creditSinceGrowth = 0;
      this.size = Math.min(this.ceilingUnits, this.size + amount);
    }
    return 0;
  }

  /**
   * A 429 for a request the model thought had room: `mark` is the units granted up to it,
   * `granted` all units granted so far. Returns true if this decreased the burst (false for the
   * rest of a wave already answered, or when pinned).
   */
  shrink(amount: number, mark: number, granted: number): boolean {
    if (this.phase === 'pinned' || mark <= this.decreasedAtMark) return false;
    this.decreasedAtMark = granted;
    this.phase = 'avoidance';
    this.creditSinceGrowth = 0;
    this.size = Math.max(amount, Math.min(this.size, this.ceilingUnits) / 2);
    return true;
  }
}
