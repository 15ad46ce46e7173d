import type { Clock } from './clock.ts';

export interface EventBatcherOptions<T> {
  readonly clock: Clock;
  /** Longest an item waits before its batch is delivered. @default 100 */
  readonly intervalMs?: number;
  /** A batch this large is delivered at once. @default 1000 */
  readonly maxSize?: number;
  readonly deliver: (batch: T[]) => void;
}

/**
 * Coalesces a high-frequency stream (engine events) into batches for a slow consumer (a renderer
 * over IPC or WebSocket): at most one delivery per interval, earlier when a batch fills up, and
 * whatever is pending on `close()`, so nothing is dropped and the stream always terminates.
 */
export class EventBatcher<T> {
  private pending: T[] = [];
  private timer: AbortController | undefined;
  private closed = false;
  private readonly intervalMs: number;
  private readonly maxSize: number;
  private readonly options: EventBatcherOptions<T>;

  constructor(options: EventBatcherOptions<T>) {
    this.options = options;
    this.intervalMs = options.intervalMs ?? 100;
    this.maxSize = options.maxSize ?? 1000;
  }

  add(item: T): void {
    if (this.closed) throw new Error('EventBatcher: add() after close()');
    this.pending.push(item);
    if (this.pending.length >= this.maxSize) this.flush();
    else if (!this.timer) this.schedule();
  }

  flush(): void {
    this.timer?.abort();
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.options.deliver(batch);
  }

  close(): void {
    this.flush();
    this.closed = true;
  }

  private schedule(): void {
    const timer = new AbortController();
    this.timer = timer;
    this.options.clock.sleep(this.intervalMs, timer.signal).then(
      () => {
        if (this.timer === timer) this.flush();
      },
      () => undefined, // cancelled by an early flush
    );
  }
}
