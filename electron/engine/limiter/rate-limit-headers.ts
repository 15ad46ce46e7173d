import type { HeaderMap } from '../../providers/provider.ts';
import type { RateLimitSnapshot } from '../../../shared/domain/rate-limit.ts';
import { parseGoDuration } from './go-duration.ts';

/**
 * Reads the `x-ratelimit-*` headers (names lower-cased, as HeaderMap promises) of one response.
 * Some providers (Azure variants) send `-1` or `0` as a limit; a limit of zero or less means "not
 * reported" here, never "you may send nothing", so it comes back undefined like a missing header.
 */
export function parseRateLimitHeaders(headers: HeaderMap): RateLimitSnapshot {
  return {
    limitRequests: positive(headers['x-ratelimit-limit-requests']),
    limitTokens: positive(headers['x-ratelimit-limit-tokens']),
    remainingRequests: nonNegative(headers['x-ratelimit-remaining-requests']),
    remainingTokens: nonNegative(headers['x-ratelimit-remaining-tokens']),
    resetRequestsMs: duration(headers['x-ratelimit-reset-requests']),
    resetTokensMs: duration(headers['x-ratelimit-reset-tokens']),
  };
}

/**
 * The server-requested wait in ms: `retry-after-ms` (OpenAI's precise value) first, then
 * `retry-after` as whole or decimal seconds or as an HTTP date (RFC 9110 IMF-fixdate or RFC 850,
 * both in GMT). A date already past means "now" (0). Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: HeaderMap, nowMs: number): number | undefined {
  const ms = nonNegative(headers['retry-after-ms']);
  if (ms !== undefined) return ms;
  const value = headers['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  const seconds = nonNegative(value);
  if (seconds !== undefined) return seconds * 1_000;
  // Date.parse is lenient enough to turn junk like "soon 1" into a date; insist on a GMT date-time.
  if (!/^[A-Za-z]+, [0-9A-Za-z -]+ \d{2}:\d{2}:\d{2} GMT$/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

const NUMBER = /^\d+(?:\.\d+)?$/;

function nonNegative(value: string | undefined): number | undefined {
  const text = value?.trim();
  return text !== undefined && NUMBER.test(text) ? Number(text) : undefined;
}

function positive(value: string | undefined): number | undefined {
  const n = nonNegative(value);
  return n !== undefined && n > 0 ? n : undefined;
}

function duration(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseGoDuration(value);
}
