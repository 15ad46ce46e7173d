import type { AttemptError } from '../../../shared/domain/errors.ts';
import type { RetrySettings } from '../../../shared/domain/settings.ts';
import type { Random } from '../random.ts';

export interface RetryDelayRequest {
  /** 1-based number of the attempt that failed. */
  readonly attempt: number;
  readonly error: AttemptError;
  readonly retry: RetrySettings;
  readonly random: Random;
}

export interface RetryDelay {
  readonly delayMs: number;
  readonly source: 'retry_after' | 'backoff';
}

/**
 * Several workers told the same retry-after would otherwise come back in the same millisecond and
 * collide again; up to 10 % later spreads them out without ever coming back early.
 */
const RETRY_AFTER_SPREAD = 0.1;

/**
 * How long to wait before the next attempt. A server-given wait wins, since retrying earlier only
 * earns another 429 and burns budget; it is not capped (a daily limit may really mean hours).
 * Otherwise "full jitter" backoff: uniform in [0, min(cap, base * 2^(attempt-1))), which spreads
 * retries of many workers best.
 */
export function retryDelay({ attempt, error, retry, random }: RetryDelayRequest): RetryDelay {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`retryDelay needs the 1-based number of the failed attempt, got ${attempt}`);
  if (error.retryAfterMs !== undefined) {
    return { delayMs: Math.ceil(error.retryAfterMs * (1 + RETRY_AFTER_SPREAD * random())), source: 'retry_after' };
  }
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return { delayMs: Math.floor(random() * ceiling), source: 'backoff' };
}

/** Retry only what triage says is worth retrying, and only while attempts remain. */
export function shouldRetry(error: AttemptError, attempt: number, retry: RetrySettings): boolean {
  return error.decision === 'retry' && attempt < retry.maxAttempts;
}
