/** One chat request as the rate limits met it: on the simulator's clock, its key's last four characters. */
export interface Arrival {
  readonly at: number;
  readonly key: string;
  readonly admitted: boolean;
}

/** What the simulator saw, for tests to check the engine sent what it should, once. */
export interface SimulatorStats {
  /** Every POST /v1/chat/completions received. */
  readonly requests: number;
  /** Replies completed in full. */
  readonly succeeded: number;
  /** 429 rate_limit_exceeded, on requests or tokens, including "Request too large". */
  readonly rateLimited: number;
  /** 429 insufficient_quota. */
  readonly quotaErrors: number;
  /** Injected 500s and 503 overloads. */
  readonly serverErrors: number;
  readonly hangs: number;
  /** Replies cut part way, by how (faults.ts CutKind). */
  readonly drops: number;
  readonly truncations: number;
  readonly resets: number;
  readonly stalls: number;
  /** 401s. */
  readonly authErrors: number;
  /** 400s (invalid body, context length) and 404 model_not_found. */
  readonly badRequests: number;
  /** Chat requests received and not yet answered or closed. */
  readonly inFlight: number;
  /**
   * Batch lines delivered in an output file (counted when the batch is first seen ended). They
   * also count in successesByPrompt, so a prompt answered both in a batch and online shows twice.
   */
  readonly batchLinesSucceeded: number;
  /**
   * Full successes per last user message: a count above 1 is a duplicate, a missing key a loss.
   * null unless the simulator was started with trackPrompts (the map grows with every prompt).
   */
  readonly successesByPrompt: ReadonlyMap<string, number> | null;
  /** Every request that reached the rate limits, in order; null unless started with trackArrivals. */
  readonly arrivals: readonly Arrival[] | null;
}

type Counter = Exclude<keyof SimulatorStats, 'successesByPrompt' | 'arrivals'>;

export class StatsRecorder {
  private readonly counts: Record<Counter, number> = {
    requests: 0,
    succeeded: 0,
    rateLimited: 0,
    quotaErrors: 0,
    serverErrors: 0,
    hangs: 0,
    drops: 0,
    truncations: 0,
    resets: 0,
    stalls: 0,
    authErrors: 0,
    badRequests: 0,
    inFlight: 0,
    batchLinesSucceeded: 0,
  };
  private readonly byPrompt: Map<string, number> | null;
  private readonly arrivals: Arrival[] | null;

  constructor(trackPrompts: boolean, trackArrivals = false) {
    this.byPrompt = trackPrompts ? new Map() : null;
    this.arrivals = trackArrivals ? [] : null;
  }

  arrived(at: number, key: string, admitted: boolean): void {
    this.arrivals?.push({ at, key: key.slice(-4), admitted });
  }

  add(counter: Counter, delta = 1): void {
    this.counts[counter] += delta;
  }

  succeeded(prompt: string): void {
    this.counts.succeeded += 1;
    this.countPrompt(prompt);
  }

  batchLineSucceeded(prompt: string): void {
    this.counts.batchLinesSucceeded += 1;
    this.countPrompt(prompt);
  }

  private countPrompt(prompt: string): void {
    this.byPrompt?.set(prompt, (this.byPrompt.get(prompt) ?? 0) + 1);
  }

  /** A copy: later requests do not change a snapshot a test holds. */
  snapshot(): SimulatorStats {
    return { ...this.counts, successesByPrompt: this.byPrompt && new Map(this.byPrompt), arrivals: this.arrivals && [...this.arrivals] };
  }
}

/** The per-prompt counts, or a clear error where the simulator was not asked to keep them. */
export function successesByPrompt(stats: SimulatorStats): ReadonlyMap<string, number> {
  if (stats.successesByPrompt === null) throw new Error('This simulator does not count successes per prompt: start it with trackPrompts: true.');
  return stats.successesByPrompt;
}
