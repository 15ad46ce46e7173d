import type { Arrival } from '../../electron/providers/simulator/stats.ts';

/**
 * What the server's own fixed windows saw of a run: how full the windows were while the run was
 * under way (its throughput against the limit) and the most any one window was asked for (with
 * strict accounting a 429'd request counts against its window too).
 */
export interface WindowFigures {
  /** Admitted per full window, over the allowance of every key counted: 1 is the whole limit. */
  readonly fill: number;
  /** The most requests (admitted or not) any one window of one key was asked for. */
  readonly peakAsked: number;
  /** Full windows counted for `fill`: the first and the last (partial) ones are left out. */
  readonly windows: number;
}

export function windowFigures(arrivals: readonly Arrival[], windowMs: number, allowance: number, keys: number): WindowFigures {
  const admitted = new Map<number, number>();
  const asked = new Map<string, number>();
  let first = Infinity;
  let last = -Infinity;
  for (const arrival of arrivals) {
    const index = Math.floor(arrival.at / windowMs);
    first = Math.min(first, index);
    last = Math.max(last, index);
    const slot = `${arrival.key}:${index}`;
    asked.set(slot, (asked.get(slot) ?? 0) + 1);
    if (arrival.admitted) admitted.set(index, (admitted.get(index) ?? 0) + 1);
  }
  const full = Math.max(0, last - first - 1);
  let sum = 0;
  for (let index = first + 1; index < last; index++) sum += admitted.get(index) ?? 0;
  return { fill: full === 0 ? 0 : sum / (full * allowance * keys), peakAsked: Math.max(0, ...asked.values()), windows: full };
}
