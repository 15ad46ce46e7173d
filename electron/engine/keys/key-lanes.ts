import type { KeyStatus } from '../../../shared/domain/keys.ts';
import type { LimitShapes, Limits } from '../../../shared/domain/rate-limit.ts';
import type { ChatProvider } from '../../providers/provider.ts';
import type { LearnedChange, RateLimiter } from '../limiter/rate-limiter.ts';

/**
 * The keys a run sends with: each its own quota (its own limiter, with its own learned limits and
 * shape) and its own provider. A request goes to the key that can admit it soonest. A key the
 * server refuses for good (a bad key, an exhausted quota) leaves after one such answer: the
 * requests waiting on it move to the others, and the run stops only when none is left. A run
 * with one key is a pool of one.
 */
export interface KeyLane {
  readonly id: string;
  /** What the UI and the CLI may show: the user's label and the key's last four characters, never the key. */
  readonly label: string;
  readonly provider: ChatProvider;
  readonly limiter: RateLimiter;
}

interface LaneState {
  readonly lane: KeyLane;
  readonly removed: AbortController;
  reason?: string;
}

export class KeyLanes {
  private readonly lanes: LaneState[];

  constructor(lanes: readonly KeyLane[]) {
    if (lanes.length === 0) throw new RangeError('A run needs at least one key to send with');
    this.lanes = lanes.map((lane) => ({ lane, removed: new AbortController() }));
  }

  /** Keys still in the pool. */
  get live(): number {
    return this.lanes.filter((state) => !state.removed.signal.aborted).length;
  }

  /** The live key that can admit a request of `tokens` soonest (fewest waiting on a tie, then the first). */
  pick(tokens: number): KeyLane {
    let best: { state: LaneState; wait: number; waiting: number } | undefined;
    for (const state of this.lanes) {
      if (state.removed.signal.aborted) continue;
      const wait = state.lane.limiter.expectedWaitMs(tokens);
      const waiting = state.lane.limiter.waiting;
      if (!best || wait < best.wait || (wait === best.wait && waiting < best.waiting)) best = { state, wait, waiting };
    }
    if (!best) throw new Error('No key is left in the pool');
    return best.state.lane;
  }

  /** Aborts when `id` leaves the pool: whoever waits on its limiter goes to another key. */
  removedSignal(id: string): AbortSignal {
    return this.state(id).removed.signal;
  }

  /** A key refused for good leaves the pool; returns how many are left. */
  remove(id: string, reason: string): number {
    const state = this.state(id);
    if (!state.removed.signal.aborted) {
      state.reason = reason;
      state.removed.abort(new KeyRemoved(state.lane.label, reason));
    }
    return this.live;
  }

  /** The limits of the live keys together (a sum; unknown when any live key's is unknown). */
  get limits(): Limits {
    const live = this.liveLanes();
    const sum = (pick: (limits: Limits) => number | null) => {
      let total = 0;
      for (const lane of live) {
        const value = pick(lane.limiter.limits);
        if (value === null) return null;
        total += value;
      }
      return total;
    };
    return { rpm: sum((l) => l.rpm), tpm: sum((l) => l.tpm) };
  }

  /** The first live key's shape: with several keys, each one's is in `statuses`. */
  get shapes(): LimitShapes {
    return (this.liveLanes()[0] ?? this.lanes[0]!.lane).limiter.shapes;
  }

  /** How much may go at once over the live keys together, for sizing the worker pool. */
  atOnce(): { requests: number; tokens: number } {
    let requests = 0;
    let tokens = 0;
    for (const lane of this.liveLanes()) {
      const each = lane.limiter.atOnce();
      requests += each.requests;
      tokens += each.tokens;
    }
    return { requests, tokens };
  }

  /** Hears what any key's limiter learns; returns the disposer. */
  onLearned(listener: (change: LearnedChange) => void): () => void {
    const disposers = this.lanes.map((state) => state.lane.limiter.onLearned(listener));
    return () => disposers.forEach((dispose) => dispose());
  }

  /** A live change by the user applies to every key. */
  setLimits(limits: { rpm?: number | null; tpm?: number | null }): void {
    for (const state of this.lanes) state.lane.limiter.setLimits(limits);
  }

  /** Every key as the UI shows it: label, limits, learned shape, and why a removed one left. */
  statuses(): KeyStatus[] {
    return this.lanes.map(({ lane, removed, reason }) => ({
      id: lane.id,
      label: lane.label,
      live: !removed.signal.aborted,
      limits: lane.limiter.limits,
      shapes: lane.limiter.shapes,
      ...(reason !== undefined && { reason }),
    }));
  }

  private liveLanes(): KeyLane[] {
    return this.lanes.filter((state) => !state.removed.signal.aborted).map((state) => state.lane);
  }

  private state(id: string): LaneState {
    const state = this.lanes.find((s) => s.lane.id === id);
    if (!state) throw new Error(`No key ${JSON.stringify(id)} in this run's pool`);
    return state;
  }
}

/** Why a wait on a key's limiter ended: the key left the pool. */
export class KeyRemoved extends Error {
  constructor(label: string, reason: string) {
    super(`Key ${label} left the pool: ${reason}`);
    this.name = 'KeyRemoved';
  }
}
