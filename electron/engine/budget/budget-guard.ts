/**
 * A hard budget for one run, in US dollars. Before a request is sent its worst case (its estimated
 * prompt plus every max_tokens of output, at the model's price) is reserved; when its reply ends
 * the reservation is settled at what the request really cost. A request is admitted only while
 * what is spent plus every open reservation plus its own worst case fits the limit, so the spend
 * stays within the limit as long as no request costs more than its worst case, and the limit plus
 * one worst case when one does (a server counting the prompt higher than the estimate).
 *
 * Pure: no clock, no I/O. The run calls it on its admission path.
 */
export interface Reservation {
  readonly usd: number;
}

/** Sums of many small float costs drift by far less than this; a cent's billionth is never money. */
const TOLERANCE_USD = 1e-12;

export class BudgetGuard {
  private limit: number;
  private spent: number;
  private reserved = 0;
  private readonly open = new Set<Reservation>();

  /** `spentUsd`: what earlier starts of the run already spent (a resume counts it, so it is not spent again). */
  constructor(limitUsd: number, spentUsd = 0) {
    this.limit = checkedLimit(limitUsd);
    if (!(Number.isFinite(spentUsd) && spentUsd >= 0)) throw new RangeError(`Spent so far must be 0 or more US dollars; got ${spentUsd}`);
    this.spent = spentUsd;
  }

  get limitUsd(): number {
    return this.limit;
  }

  /** Settled costs: what the run has really spent. */
  get spentUsd(): number {
    return this.spent;
  }

  /** Worst cases of the requests admitted and not yet settled. */
  get reservedUsd(): number {
    return this.reserved;
  }

  /** What a new request may still reserve. */
  get availableUsd(): number {
    return Math.max(0, this.limit - this.spent - this.reserved);
  }

  /** Whether a request with this worst case would be admitted now. */
  admits(worstUsd: number): boolean {
    return this.spent + this.reserved + checkedCost(worstUsd, 'A worst case') <= this.limit + TOLERANCE_USD;
  }

  /** Reserves `worstUsd` for a request about to go, or undefined when what is left cannot cover it. */
  reserve(worstUsd: number): Reservation | undefined {
    if (!this.admits(worstUsd)) return undefined;
    const reservation: Reservation = { usd: worstUsd };
    this.open.add(reservation);
    this.reserved += worstUsd;
    return reservation;
  }

  /** The request ended: its reservation is released and what it cost is spent (0 when it was not billed). */
  settle(reservation: Reservation, actualUsd: number): void {
    checkedCost(actualUsd, 'A settled cost');
    if (!this.open.delete(reservation)) throw new Error('This reservation was already settled, or is not from this budget');
    // Exactly 0 once nothing is open, so float crumbs never pile up over a long run.
    this.reserved = this.open.size === 0 ? 0 : this.reserved - reservation.usd;
    this.spent += actualUsd;
  }
}

function checkedLimit(limitUsd: number): number {
  if (!(Number.isFinite(limitUsd) && limitUsd > 0)) throw new RangeError(`A budget must be more than 0 US dollars; got ${limitUsd}`);
  return limitUsd;
}

function checkedCost(usd: number, what: string): number {
  if (!(Number.isFinite(usd) && usd >= 0)) throw new RangeError(`${what} must be 0 or more US dollars; got ${usd}`);
  return usd;
}
