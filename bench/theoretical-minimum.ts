/**
 * The fastest any client could finish against token buckets that start full: the last request
 * can be admitted only once both buckets have refilled what the burst could not cover, and it
 * then takes one reply's latency.
 *
 *   admit(N) = max(0, (N − C_req) / r_req, (N·k − C_tok) / r_tok)
 *   minimum  = admit(N) + latency
 *
 * with C the bucket capacities, r the refill rates, k the tokens one request is charged
 * (prompt estimate + max_tokens) and N the requests that must be sent: the topics, plus one for
 * every fault the run met (a 5xx is admitted and charged, then has to be sent again).
 */
export interface MinimumInput {
  readonly requests: number;
  readonly tokensPerRequest: number;
  readonly rpm: number | null;
  readonly tpm: number | null;
  readonly burstSeconds: number;
  readonly latencyMs: number;
}

export function theoreticalMinimumMs(input: MinimumInput): number {
  const admitBy = (perMinute: number | null, demand: number) => {
    if (perMinute === null) return 0;
    const capacity = (perMinute * input.burstSeconds) / 60;
    return Math.max(0, ((demand - capacity) / perMinute) * 60_000);
  };
  return Math.max(admitBy(input.rpm, input.requests), admitBy(input.tpm, input.requests * input.tokensPerRequest)) + input.latencyMs;
}
