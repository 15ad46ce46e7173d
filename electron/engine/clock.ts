/**
 * Time is injected so that every limiter, cool-down and backoff test runs on a fake clock without
 * sleeping (style.md, rule 7). The engine never calls Date.now() or setTimeout directly.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The longest delay setTimeout takes (a signed 32-bit count of ms, about 24.8 days). Node fires a
 * longer one after 1 ms, so a server's retry-after of a month would come back at once.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Its timers run on the event loop's monotonic time, its now() is the wall clock: a sleep may end
 * while now() still reads a millisecond or more short of the deadline. Whatever waits for a
 * deadline acts on the sleep ending (or sleeps again), never on now() having passed it.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      // A wait longer than one timer can take is waited out in steps of at most the cap. Within the
      // cap it is one timer that resolves when it fires, as the limiter's timing expects.
      const wait = (left: number) => {
        timer = setTimeout(() => {
          if (left > MAX_TIMER_MS) return wait(left - MAX_TIMER_MS);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, Math.min(left, MAX_TIMER_MS));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      wait(Math.max(0, ms));
    });
  },
};
