import type { Permit, WaitInfo } from './rate-limiter.ts';

/**
 * The limiter's waiting line: strict FIFO, each waiter a pending acquire() with its abort wiring
 * and the last wait reason it was told. It decides nothing about admission; the limiter grants
 * the head and says how long each waiter has to wait.
 */
export interface QueuedRequest {
  readonly tokens: number;
}

interface Entry extends QueuedRequest {
  readonly resolve: (permit: Permit) => void;
  readonly reject: (reason: unknown) => void;
  readonly onWait: ((info: WaitInfo) => void) | undefined;
  /** Removes the abort listener once the waiter leaves the line. */
  readonly detach: () => void;
  lastReason?: WaitInfo['reason'];
}

/** Wait of the waiter at `index`, given the requests and tokens of everyone up to and including it. */
export type WaitAt = (requests: number, tokens: number, index: number) => WaitInfo | undefined;

export class AdmissionQueue {
  private readonly entries: Entry[] = [];
  private readonly onLeave: () => void;

  /** `onLeave` runs after an aborted waiter left, so the limiter can serve the next one. */
  constructor(onLeave: () => void) {
    this.onLeave = onLeave;
  }

  get length(): number {
    return this.entries.length;
  }

  /** Tokens of everyone waiting. */
  get tokens(): number {
    let total = 0;
    for (const entry of this.entries) total += entry.tokens;
    return total;
  }

  peek(): QueuedRequest | undefined {
    return this.entries[0];
  }

  /** Joins the back of the line; the caller must have checked that the signal has not aborted. */
  add(tokens: number, signal: AbortSignal | undefined, onWait: ((info: WaitInfo) => void) | undefined): Promise<Permit> {
    return new Promise<Permit>((resolve, reject) => {
      const onAbort = () => {
        const index = this.entries.indexOf(entry);
        if (index >= 0) this.entries.splice(index, 1);
        reject(signal?.reason);
        this.onLeave();
      };
      const entry: Entry = { tokens, resolve, reject, onWait, detach: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.entries.push(entry);
    });
  }

  /** Hands the head its permit. */
  grantHead(permit: Permit): void {
    const head = this.entries.shift();
    if (!head) throw new Error(`No waiter to grant permit ${permit.id} to`);
    head.detach();
    head.resolve(permit);
  }

  /**
   * Tells each waiter that listens why it waits, once per change of reason. Runs on a copy: a
   * callback may abort a waiter, which changes the line.
   */
  report(waitAt: WaitAt): void {
    let requests = 0;
    let tokens = 0;
    for (const [index, entry] of [...this.entries].entries()) {
      requests += 1;
      tokens += entry.tokens;
      if (!entry.onWait) continue;
      const wait = waitAt(requests, tokens, index);
      if (!wait || wait.reason === entry.lastReason) continue;
      entry.lastReason = wait.reason;
      entry.onWait(wait);
    }
  }
}
