import type { Clock } from './clock.ts';

/**
 * Tasks waiting out a backoff before their next attempt, one timer each, so that "retry now" or
 * a skip can end one wait early and a stopped run can end them all. A rate-limit retry is not
 * here: it waits at the limiter's shared gate instead.
 */
export class BackoffTimers {
  private readonly timers = new Map<string, AbortController>();
  private readonly clock: Clock;
  /** Where an error thrown by a `due` callback goes: a timer has no caller to throw to. */
  private readonly onError: (error: unknown) => void;

  constructor(clock: Clock, onError: (error: unknown) => void) {
    this.clock = clock;
    this.onError = onError;
  }

  /** Tasks still waiting. */
  get size(): number {
    return this.timers.size;
  }

  /** Calls `due` after `delayMs`, unless the wait is ended first. */
  wait(taskId: string, delayMs: number, due: () => void): void {
    if (this.timers.has(taskId)) throw new Error(`Task ${JSON.stringify(taskId)} is already waiting out a backoff`);
    const timer = new AbortController();
    this.timers.set(taskId, timer);
    this.clock.sleep(delayMs, timer.signal).then(
      () => {
        this.timers.delete(taskId);
        try {
          due();
        } catch (error) {
          this.onError(error);
        }
      },
      () => undefined, // ended early: whoever ended it did the bookkeeping
    );
  }

  /** Ends one task's wait without calling its `due`; false if it was not waiting. */
  end(taskId: string): boolean {
    const timer = this.timers.get(taskId);
    if (!timer) return false;
    this.timers.delete(taskId);
    timer.abort('ended');
    return true;
  }

  /** Ends every wait (the run stopped). */
  endAll(): void {
    for (const taskId of [...this.timers.keys()]) this.end(taskId);
  }
}
