import { RateLimiter } from '../../../electron/engine/limiter/rate-limiter.ts';
import type { AcquireOptions, Permit, RateLimiterOptions, WaitInfo } from '../../../electron/engine/limiter/rate-limiter.ts';
import { FakeClock, flushMicrotasks } from '../../support/fake-clock.ts';

/** One acquire() observed from outside: when it was granted (fake ms since start), or why it failed. */
export interface Call {
  permit?: Permit;
  /** ms after the harness started */
  at?: number;
  error?: unknown;
  readonly waits: WaitInfo[];
}

export interface Harness {
  readonly clock: FakeClock;
  readonly limiter: RateLimiter;
  readonly start: number;
  /** Starts an acquire and records its outcome; call `flush` or advance the clock to see it. */
  acquire(tokens: number, options?: Omit<AcquireOptions, 'onWait'>): Call;
  acquireMany(count: number, tokens: number): Call[];
  /** Advances fake time by `ms`. */
  advance(ms: number): Promise<void>;
  flush(): Promise<void>;
  /** Ms since start. */
  elapsed(): number;
}

export function harness(options: Omit<RateLimiterOptions, 'clock'>): Harness {
  const clock = new FakeClock();
  const start = clock.now();
  const limiter = new RateLimiter({ clock, ...options });
  const acquire = (tokens: number, extra: Omit<AcquireOptions, 'onWait'> = {}): Call => {
    const call: Call = { waits: [] };
    limiter.acquire(tokens, { ...extra, onWait: (info) => call.waits.push(info) }).then(
      (permit) => {
        call.permit = permit;
        call.at = permit.grantedAt - start;
      },
      (error: unknown) => {
        call.error = error;
      },
    );
    return call;
  };
  return {
    clock,
    limiter,
    start,
    acquire,
    acquireMany: (count, tokens) => Array.from({ length: count }, () => acquire(tokens)),
    advance: (ms) => clock.advance(ms),
    flush: () => flushMicrotasks(),
    elapsed: () => clock.now() - start,
  };
}

export function grantTimes(calls: readonly Call[]): (number | undefined)[] {
  return calls.map((call) => call.at);
}

/** The permit of a call that must have been granted. */
export function permitOf(call: Call): Permit {
  if (!call.permit) throw new Error(`expected a granted call, got ${call.error === undefined ? 'one still waiting' : String(call.error)}`);
  return call.permit;
}

/** The sample from provider-behaviour.md, as a provider hands it over (names lower-cased). */
export const OPENAI_SAMPLE_HEADERS = {
  'x-ratelimit-limit-requests': '5000',
  'x-ratelimit-limit-tokens': '160000',
  'x-ratelimit-remaining-requests': '4999',
  'x-ratelimit-remaining-tokens': '159976',
  'x-ratelimit-reset-requests': '12ms',
  'x-ratelimit-reset-tokens': '9ms',
  'x-request-id': 'req_123',
};
