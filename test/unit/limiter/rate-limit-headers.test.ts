import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders, parseRetryAfter } from '../../../electron/engine/limiter/rate-limit-headers.ts';

import { OPENAI_SAMPLE_HEADERS as OPENAI } from './limiter-harness.ts';

const NOW = 1_700_000_000_000;

describe('parseRateLimitHeaders', () => {
  it('reads the OpenAI sample', () => {
    expect(parseRateLimitHeaders(OPENAI)).toEqual({
      limitRequests: 5000,
      limitTokens: 160_000,
      remainingRequests: 4999,
      remainingTokens: 159_976,
      resetRequestsMs: 12,
      resetTokensMs: 9,
    });
  });

  it('reads long Go-duration resets', () => {
    const snapshot = parseRateLimitHeaders({ 'x-ratelimit-reset-requests': '4m12.172s', 'x-ratelimit-reset-tokens': '23h18m29.144s' });
    expect(snapshot.resetRequestsMs).toBe(252_172);
    expect(snapshot.resetTokensMs).toBe(83_909_144);
  });

  it('treats the -1 and 0 limits of Azure-style providers as not reported', () => {
    const snapshot = parseRateLimitHeaders({
      'x-ratelimit-limit-requests': '-1',
      'x-ratelimit-limit-tokens': '0',
      'x-ratelimit-remaining-requests': '-1',
      'x-ratelimit-remaining-tokens': '0',
    });
    expect(snapshot.limitRequests).toBeUndefined();
    expect(snapshot.limitTokens).toBeUndefined();
    expect(snapshot.remainingRequests).toBeUndefined();
    // Zero remaining is real information: the bucket is empty.
    expect(snapshot.remainingTokens).toBe(0);
  });

  it('returns all-undefined for a response without rate-limit headers', () => {
    expect(parseRateLimitHeaders({ 'content-type': 'application/json' })).toEqual({
      limitRequests: undefined,
      limitTokens: undefined,
      remainingRequests: undefined,
      remainingTokens: undefined,
      resetRequestsMs: undefined,
      resetTokensMs: undefined,
    });
  });

  it.each([['abc'], ['12abc'], ['1e5'], [''], ['Infinity']])('ignores the junk limit %j', (value) => {
    expect(parseRateLimitHeaders({ 'x-ratelimit-limit-requests': value }).limitRequests).toBeUndefined();
  });

  it('ignores a reset that is not a Go duration', () => {
    expect(parseRateLimitHeaders({ 'x-ratelimit-reset-tokens': 'soon' }).resetTokensMs).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['retry-after-ms alone', { 'retry-after-ms': '45190' }, 45_190],
    ['retry-after-ms before retry-after', { 'retry-after-ms': '45190', 'retry-after': '46' }, 45_190],
    ['fractional retry-after-ms', { 'retry-after-ms': '12.5' }, 12.5],
    ['whole seconds', { 'retry-after': '46' }, 46_000],
    ['decimal seconds', { 'retry-after': '0.5' }, 500],
    ['zero seconds', { 'retry-after': '0' }, 0],
    ['an HTTP date 20 s ahead', { 'retry-after': new Date(NOW + 20_000).toUTCString() }, 20_000],
    ['an HTTP date in the past', { 'retry-after': new Date(NOW - 5_000).toUTCString() }, 0],
    ['an RFC 850 date', { 'retry-after': 'Tuesday, 14-Nov-23 22:13:30 GMT' }, 10_000],
    ['junk retry-after-ms falls back to retry-after', { 'retry-after-ms': 'x', 'retry-after': '3' }, 3_000],
  ])('%s', (_name, headers, expected) => {
    expect(parseRetryAfter(headers, NOW)).toBe(expected);
  });

  it.each([
    ['no headers', {}],
    ['negative seconds', { 'retry-after': '-5' }],
    ['negative ms', { 'retry-after-ms': '-5' }],
    ['junk', { 'retry-after': 'soon' }],
    ['a lenient-parse trap', { 'retry-after': 'soon 1' }],
    ['empty', { 'retry-after': '' }],
  ])('is undefined for %s', (_name, headers) => {
    expect(parseRetryAfter(headers, NOW)).toBeUndefined();
  });
});
