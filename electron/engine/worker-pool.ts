import type { RunSettings } from '../../shared/domain/settings.ts';
import type { LatencyTracker } from './latency-tracker.ts';
import type { Limits } from '../../shared/domain/rate-limit.ts';
import { autoPoolSize } from './pool-size.ts';

/** What sizing needs from the limits: the rates in force and how much may go at once. */
export interface PoolLimits {
  readonly limits: Limits;
  atOnce(): { requests: number; tokens: number };
}

export interface PoolInputs {
  readonly limiter: PoolLimits;
  readonly latency: LatencyTracker;
  /** Tokens one request reserves, averaged over the run's tasks. */
  readonly averageTokens: () => number;
  /** Tasks not finished: an auto pool never outgrows them. */
  readonly pending: () => number;
  /** Upper bound of the auto-sized pool. */
  readonly maxAuto: number;
}

/** How many attempts a run keeps going at once: the user's number, or sized from limits and latency. */
export class WorkerPool {
  private setting: RunSettings['workers'];
  private current = 1;
  private readonly inputs: PoolInputs;

  constructor(setting: RunSettings['workers'], inputs: PoolInputs) {
    this.setting = setting;
    this.inputs = inputs;
  }

  get size(): number {
    return this.current;
  }

  set workers(setting: RunSettings['workers']) {
    this.setting = setting;
  }

  /** Sizes the pool anew; true when its size changed. */
  resize(): boolean {
    const size = this.setting === 'auto' ? this.autoSize() : this.setting;
    const changed = size !== this.current;
    this.current = size;
    return changed;
  }

  private autoSize(): number {
    const { limiter, latency } = this.inputs;
    const limits = limiter.limits;
    const perRequest = this.inputs.averageTokens();
    const atOnce = limiter.atOnce();
    return autoPoolSize({
      rpm: limits.rpm,
      tpm: limits.tpm,
      tokensPerRequest: perRequest,
      latencyMs: latency.estimateMs,
      burstRequests: Math.min(atOnce.requests, atOnce.tokens / perRequest),
      max: Math.max(1, Math.min(this.inputs.maxAuto, this.inputs.pending())),
    });
  }
}
