/**
 * How many requests to keep in flight when workers = 'auto'.
 *
 * Little's law: in-flight = throughput × latency. The steady throughput is what the tighter of the
 * two limits allows; while the buckets still hold a burst (a full bucket at the start of a run),
 * the pool may grow to spend it at once. Extra workers cost little — they queue in the limiter in
 * FIFO order — so the estimate errs high, with headroom for latency jitter.
 */
export interface PoolSizeInput {
  readonly rpm: number | null;
  readonly tpm: number | null;
  /** Tokens one request reserves (prompt + max output), averaged. */
  readonly tokensPerRequest: number;
  readonly latencyMs: number;
  /** Requests the buckets could admit right now. */
  readonly burstRequests: number;
  readonly max: number;
}

const HEADROOM = 1.5;

export function autoPoolSize(input: PoolSizeInput): number {
  const perMs = [input.rpm === null ? Infinity : input.rpm / 60_000, input.tpm === null ? Infinity : input.tpm / 60_000 / Math.max(1, input.tokensPerRequest)];
  const rate = Math.min(...perMs);
  if (!Number.isFinite(rate)) return input.max;
  const steady = Math.ceil(rate * input.latencyMs * HEADROOM) + 1;
  const wanted = Math.max(steady, Math.floor(input.burstRequests));
  return Math.min(input.max, Math.max(1, wanted));
}
