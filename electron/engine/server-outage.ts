import type { Clock } from './clock.ts';

/**
 * How long a run keeps trying a server that stopped accepting connections, shared by every task
 * of the run: five tasks refused at the same moment are one outage, not five tasks each burning
 * its own retries. Each refusal opens a window (exponential backoff) in which the run sends
 * nothing; refusals inside a window cost nothing more. After `probes` windows in a row without an
 * answer the run gives up and stops, resumable.
 */
export interface OutageOptions {
  /** Windows in a row before the run stops. @default 8 */
  readonly probes: number;
  /** The first window. @default 1000 */
  readonly baseDelayMs: number;
  /** The longest window. @default 30000 */
  readonly maxDelayMs: number;
}

/** With the defaults, about two minutes: a local server restarting is back well within that. */
export const DEFAULT_OUTAGE: OutageOptions = { probes: 8, baseDelayMs: 1_000, maxDelayMs: 30_000 };

export type OutageVerdict =
  | { readonly kind: 'wait'; readonly until: number }
  | { readonly kind: 'give_up'; readonly refusals: number; readonly sinceMs: number };

export class ServerOutage {
  private readonly options: OutageOptions;
  private readonly clock: Clock;
  private readonly onWindowEnd: () => void;
  private windows = 0;
  /** When the open window ends, for the verdicts; whether one is open is the timer's to say. */
  private until = Number.NEGATIVE_INFINITY;
  private since = 0;
  /** Present exactly while a window is open. */
  private timer: AbortController | undefined;

  /** `onWindowEnd` runs when a window closes: the run may send again (one probe at a time). */
  constructor(clock: Clock, onWindowEnd: () => void, options: OutageOptions = DEFAULT_OUTAGE) {
    for (const [name, value] of Object.entries(options)) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`Outage option ${name} must be a whole number of 1 or more, got ${value}`);
    }
    this.options = options;
    this.clock = clock;
    this.onWindowEnd = onWindowEnd;
  }

  /**
   * A window is open: nothing should be sent. Open until its timer fires, not until the clock
   * passes its end: a system timer may fire while Date.now() still reads a little short of the
   * deadline (clock.ts), and a window that still held then would hold with nothing left to wake
   * the run, which would wait forever.
   */
  get holding(): boolean {
    return this.timer !== undefined;
  }

  /** A connection was refused: wait until the window ends, or give up. */
  refused(): OutageVerdict {
    const now = this.clock.now();
    if (this.holding) return { kind: 'wait', until: this.until };
    if (this.windows === 0) this.since = now;
    this.windows++;
    if (this.windows > this.options.probes) return { kind: 'give_up', refusals: this.windows, sinceMs: now - this.since };
    this.until = now + Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (this.windows - 1));
    this.wakeAt(this.until);
    return { kind: 'wait', until: this.until };
  }

  /** The server answered: the outage, if there was one, is over. */
  reached(): void {
    this.windows = 0;
    this.end();
  }

  /** No more windows (the run stopped, or the server is back). */
  end(): void {
    this.until = Number.NEGATIVE_INFINITY;
    this.timer?.abort();
    this.timer = undefined;
  }

  private wakeAt(until: number): void {
    this.timer?.abort();
    const timer = new AbortController();
    this.timer = timer;
    this.clock.sleep(until - this.clock.now(), timer.signal).then(
      () => {
        if (this.timer === timer) this.timer = undefined;
        this.onWindowEnd();
      },
      () => undefined, // the outage ended first
    );
  }
}
