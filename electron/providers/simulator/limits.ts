import type { DimensionLimit } from './dimension-limit.ts';
import { dimensionLimit } from './dimension-limit.ts';
import { formatGoDuration } from './go-duration-format.ts';
import type { Dimension } from './limit-shape.ts';
import type { ResolvedOptions } from './options.ts';

/**
 * Per-API-key request and token limits, the admission decision, and the x-ratelimit-* headers
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
      readonly type: Dimension;
      readonly limit: number;
      readonly used: number;
      readonly requested: number;
      /** Until this very request would be admitted under every dimension's shape. */
      readonly waitMs: number;
    };

type Style = ResolvedOptions['headerStyle'];

export class KeyLimits {
  /** Requests admitted so far, for the insufficient_quota cut-off. */
  admitted = 0;
  private requests: DimensionLimit | null = null;
  private tokens: DimensionLimit | null = null;

  constructor(options: ResolvedOptions, now: number) {
    this.configure(options, now);
  }

  /** Applies the options' limits and shapes, keeping what was used where the shape allows. */
  configure(options: ResolvedOptions, now: number): void {
    this.requests = options.rpm === null ? null : dimensionLimit(options.rpm, options.shape.requests, now, this.requests ?? undefined);
    this.tokens = options.tpm === null ? null : dimensionLimit(options.tpm, options.shape.tokens, now, this.tokens ?? undefined);
  }

  admit(cost: number, now: number, chargeRejected: boolean): Admission {
    const { requests, tokens } = this;
    if (tokens && cost > tokens.limit) return { ok: false, kind: 'too_large', limit: tokens.limit, requested: cost };
    const requestsWait = requests ? requests.waitMs(1, now) : 0;
    const tokensWait = tokens ? tokens.waitMs(cost, now) : 0;
    if (requestsWait === 0 && tokensWait === 0) {
      this.charge(cost, now);
      this.admitted += 1;
      return { ok: true };
    }
    const type: Dimension = requestsWait >= tokensWait ? 'requests' : 'tokens';
    const binding = (type === 'requests' ? requests : tokens) as DimensionLimit;
    const used = binding.report(now).used;
    if (chargeRejected) this.charge(cost, now);
    // After a strict charge the wait includes what this rejection just used, so a client that
    // honours retry-after-ms exactly (and is alone) gets in on its next try.
    const waitMs = Math.max(requests ? requests.waitMs(1, now) : 0, tokens ? tokens.waitMs(cost, now) : 0);
    return { ok: false, kind: 'rate_limited', type, limit: binding.limit, used, requested: type === 'requests' ? 1 : cost, waitMs };
  }

  private charge(cost: number, now: number): void {
    this.requests?.charge(1, now);
    this.tokens?.charge(cost, now);
  }

  /** x-ratelimit-* headers for the limits' current state; none for an unlimited dimension. */
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

function addHeaders(out: Record<string, string>, dimension: Dimension, limit: DimensionLimit | null, now: number, style: Style): void {
  if (!limit) return;
  if (style === 'azure-missing') {
    out[`x-ratelimit-limit-${dimension}`] = '-1';
    out[`x-ratelimit-remaining-${dimension}`] = '-1';
    return;
  }
  const report = limit.report(now);
  out[`x-ratelimit-limit-${dimension}`] = String(limit.limit);
  out[`x-ratelimit-remaining-${dimension}`] = String(report.remaining);
  out[`x-ratelimit-reset-${dimension}`] = formatGoDuration(report.resetMs);
}
