import { TokenBucket } from '../../engine/limiter/token-bucket.ts';
import { formatGoDuration } from './go-duration-format.ts';
import type { ResolvedOptions } from './options.ts';

/**
 * Per-API-key request and token buckets, the admission decision, and the x-ratelimit-* headers
 * they imply. A request is charged its prompt estimate plus max_tokens at admission and never
 * refunded for unused max_tokens: OpenAI reserves the whole max_tokens, so a client that asks for
 * far more than it uses pays for it in throughput.
 */
export type Admission =
  | { readonly ok: true }
  /** The request alone is over the TPM limit: it can never succeed as is. */
  | { readonly ok: false; readonly kind: 'too_large'; readonly limit: number; readonly requested: number }
  | {
      readonly ok: false;
      readonly kind: 'rate_limited';
      readonly type: 'requests' | 'tokens';
      readonly limit: number;
      readonly used: number;
      readonly requested: number;
      /** Until the buckets hold enough for this very request. */
      readonly waitMs: number;
    };

type Style = ResolvedOptions['headerStyle'];

/**
 * One limited dimension. The limit is kept as configured: reading it back from the bucket's
 * per-millisecond rate could print 499.99999999999994 in a header.
 */
interface Dimension {
  readonly limit: number;
  readonly bucket: TokenBucket;
}

export class KeyLimits {
  /** Requests admitted so far, for the insufficient_quota cut-off. */
  admitted = 0;
  private requests: Dimension | null = null;
  private tokens: Dimension | null = null;

  constructor(options: ResolvedOptions, now: number) {
    this.configure(options, now);
  }

  /** Re-creates the buckets' rates from the options, keeping their levels. */
  configure(options: ResolvedOptions, now: number): void {
    this.requests = redimension(this.requests, options.rpm, options.burstSeconds, now);
    this.tokens = redimension(this.tokens, options.tpm, options.burstSeconds, now);
  }

  admit(cost: number, now: number, chargeRejected: boolean): Admission {
    const { requests, tokens } = this;
    if (tokens && cost > tokens.limit) return { ok: false, kind: 'too_large', limit: tokens.limit, requested: cost };
    const requestsWait = requests ? requests.bucket.msUntil(1, now) : 0;
    const tokensWait = tokens ? tokens.bucket.msUntil(cost, now) : 0;
    if (requestsWait === 0 && tokensWait === 0) {
      this.charge(cost, now);
      this.admitted += 1;
      return { ok: true };
    }
    const byRequests = requestsWait >= tokensWait;
    const { limit, bucket } = (byRequests ? requests : tokens) as Dimension;
    const used = Math.max(0, Math.round(bucket.capacity - bucket.level(now)));
    if (chargeRejected) this.charge(cost, now);
    // After a strict-mode charge the wait includes the debt this rejection just added, so a client
    // that honours retry-after-ms exactly (and is alone) gets in on its next try.
    const waitMs = Math.max(requests ? requests.bucket.msUntil(1, now) : 0, tokens ? tokens.bucket.msUntil(cost, now) : 0);
    return { ok: false, kind: 'rate_limited', type: byRequests ? 'requests' : 'tokens', limit, used, requested: byRequests ? 1 : cost, waitMs };
  }

  private charge(cost: number, now: number): void {
    this.requests?.bucket.adjust(1, now);
    this.tokens?.bucket.adjust(cost, now);
  }

  /** x-ratelimit-* headers for the buckets' current state; none for an unlimited dimension. */
  headers(now: number, style: Style): Record<string, string> {
    const out: Record<string, string> = {};
    addHeaders(out, 'requests', this.requests, now, style);
    addHeaders(out, 'tokens', this.tokens, now, style);
    return out;
  }
}

/** Every key's limits, created on first use. */
export class RateLimits {
  private readonly byKey = new Map<string, KeyLimits>();

  forKey(key: string, options: ResolvedOptions, now: number): KeyLimits {
    let limits = this.byKey.get(key);
    if (!limits) {
      limits = new KeyLimits(options, now);
      this.byKey.set(key, limits);
    }
    return limits;
  }

  configure(options: ResolvedOptions, now: number): void {
    for (const limits of this.byKey.values()) limits.configure(options, now);
  }
}

function redimension(current: Dimension | null, limit: number | null, burstSeconds: number, now: number): Dimension | null {
  if (limit === null) return null;
  const capacity = (limit * burstSeconds) / 60;
  if (!current) return { limit, bucket: new TokenBucket({ perMinute: limit, capacity, now }) };
  current.bucket.setRate(limit, now, capacity);
  return { limit, bucket: current.bucket };
}

function addHeaders(out: Record<string, string>, dimension: 'requests' | 'tokens', current: Dimension | null, now: number, style: Style): void {
  if (!current) return;
  if (style === 'azure-missing') {
    out[`x-ratelimit-limit-${dimension}`] = '-1';
    out[`x-ratelimit-remaining-${dimension}`] = '-1';
    return;
  }
  const { limit, bucket } = current;
  const level = bucket.level(now);
  out[`x-ratelimit-limit-${dimension}`] = String(limit);
  out[`x-ratelimit-remaining-${dimension}`] = String(Math.max(0, Math.floor(level)));
  // Time until the bucket is full again; equals (limit − remaining) × 60 s / limit when the
  // capacity is a whole minute, and stays true for shorter burst windows.
  out[`x-ratelimit-reset-${dimension}`] = formatGoDuration(((bucket.capacity - level) * 60_000) / limit);
}
