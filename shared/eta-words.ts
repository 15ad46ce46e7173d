import type { RunEstimate } from './domain/estimate.ts';

/**
 * The pre-run time estimate in words, for the CLI and the app alike. A per-minute limit is a
 * rate, not a burst: unless the burst is pinned, the estimate is a range from "the server takes a
 * whole minute's budget at once" to "one request at a time", which the engine learns from the
 * first answers. Under a second reads as no wait: the replies' own latency is not modelled.
 */
const NO_WAIT_MS = 1_000;

export function etaWords(estimate: Pick<RunEstimate, 'etaMs' | 'etaNoBurstMs' | 'boundBy'>, formatDuration: (ms: number) => string): string {
  const { etaMs, etaNoBurstMs, boundBy } = estimate;
  if (etaMs === undefined) return 'learned once it starts';
  const at = (ms: number) => (ms < NO_WAIT_MS ? 'no wait' : formatDuration(ms));
  const bound = boundBy ? ` (bound by ${boundBy} per minute)` : '';
  if (etaNoBurstMs === undefined || etaNoBurstMs < NO_WAIT_MS) return etaMs < NO_WAIT_MS ? 'the limits add no wait' : `at least ${formatDuration(etaMs)}${bound}`;
  return `${at(etaMs)} to ${formatDuration(etaNoBurstMs)}${bound}: as much as the server takes at once, learned from its first answers`;
}
