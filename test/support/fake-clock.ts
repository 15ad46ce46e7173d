import type { Clock } from '../../electron/engine/clock.ts';

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly resolve: () => void;
}

/**
 * A deterministic clock: time moves only when a test calls `advance`. Timers fire in time order,
 * and pending promise callbacks run between timers, so async code observes time as it would live.
 *
 * `firesEarlyMs` makes every sleep end that much before `now()` reaches its deadline, as the
 * system clock's may: setTimeout runs on the event loop's monotonic time, cached at the start of a
 * loop turn, while Date.now() is the wall clock, so a timer can fire while Date.now() still reads
 * a millisecond or more short of the deadline it was set for.
 */
export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private counter = 0;
  private readonly firesEarlyMs: number;

  constructor(start = 1_700_000_000_000, options: { readonly firesEarlyMs?: number } = {}) {
    this.current = start;
    this.firesEarlyMs = options.firesEarlyMs ?? 0;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = {
        at: this.current + Math.max(0, ms - this.firesEarlyMs),
        order: this.counter++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Number of sleeps not yet due. */
  get pending(): number {
    return this.timers.length;
  }

  /** When the earliest sleep not yet due ends; undefined when none is pending. */
  get nextTimerAt(): number | undefined {
    return this.earliest()?.at;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushMicrotasks();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = next.at;
      next.resolve();
      await flushMicrotasks();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Advances to each next timer until `done()` holds or `limitMs` of fake time has passed. */
  async runUntil(done: () => boolean, limitMs = 3_600_000): Promise<void> {
    const end = this.current + limitMs;
    await flushMicrotasks();
    while (!done() && this.current < end) {
      const next = this.earliest();
      await this.advance(next ? Math.max(0, Math.min(next.at, end) - this.current) : end - this.current);
    }
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) if (!best || t.at < best.at || (t.at === best.at && t.order < best.order)) best = t;
    return best;
  }
}

export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
