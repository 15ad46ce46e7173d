import { describe, expect, it } from 'vitest';
import { retryDelay, shouldRetry } from '../../../electron/engine/retry/backoff.ts';
import { seededRandom } from '../../../electron/engine/random.ts';
import type { Random } from '../../../electron/engine/random.ts';
import type { AttemptError } from '../../../shared/domain/errors.ts';
import type { RetrySettings } from '../../../shared/domain/settings.ts';

const RETRY: RetrySettings = { maxAttempts: 6, baseDelayMs: 1_000, maxDelayMs: 60_000 };
const SERVER_ERROR: AttemptError = { kind: 'server_error', decision: 'retry', message: 'The server had an error (500); retrying with backoff.' };
const RATE_LIMITED: AttemptError = { kind: 'rate_limited', decision: 'retry', message: 'Rate limit reached', retryAfterMs: 45_190, limit: 'tokens' };

const fixed = (value: number): Random => () => value;

describe('retryDelay: full jitter', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [6, 32_000],
    [7, 60_000], // 64 s capped at 60 s
    [30, 60_000],
  ])('attempt %d draws from [0, %d)', (attempt, ceiling) => {
    // The largest value random() can return shows the ceiling; zero shows the floor.
    const top = retryDelay({ attempt, error: SERVER_ERROR, retry: RETRY, random: fixed(0.999_999_9) });
    const bottom = retryDelay({ attempt, error: SERVER_ERROR, retry: RETRY, random: fixed(0) });
    expect(top).toEqual({ delayMs: ceiling - 1, source: 'backoff' });
    expect(bottom).toEqual({ delayMs: 0, source: 'backoff' });
  });

  it('stays within bounds and spreads across them for a seeded random', () => {
    const random = seededRandom(42);
    const delays = Array.from({ length: 2_000 }, () => retryDelay({ attempt: 4, error: SERVER_ERROR, retry: RETRY, random }).delayMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(8_000);
    // Full jitter is uniform: both halves of the range get a fair share, not a fixed value.
    const low = delays.filter((d) => d < 4_000).length;
    expect(low).toBeGreaterThan(800);
    expect(low).toBeLessThan(1_200);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const run = (seed: number) => {
      const random = seededRandom(seed);
      return [1, 2, 3, 4, 5].map((attempt) => retryDelay({ attempt, error: SERVER_ERROR, retry: RETRY, random }).delayMs);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('respects a small cap', () => {
    const delay = retryDelay({ attempt: 10, error: SERVER_ERROR, retry: { ...RETRY, maxDelayMs: 5_000 }, random: fixed(0.5) });
    expect(delay.delayMs).toBe(2_500);
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('rejects attempt %d, quoting it', (attempt) => {
    expect(() => retryDelay({ attempt, error: SERVER_ERROR, retry: RETRY, random: fixed(0) })).toThrow(`got ${attempt}`);
  });
});

describe('retryDelay: server retry-after', () => {
  it('wins over backoff, with a spread of 0 to 10 % and never earlier', () => {
    expect(retryDelay({ attempt: 1, error: RATE_LIMITED, retry: RETRY, random: fixed(0) })).toEqual({ delayMs: 45_190, source: 'retry_after' });
    expect(retryDelay({ attempt: 1, error: RATE_LIMITED, retry: RETRY, random: fixed(0.5) })).toEqual({ delayMs: 47_450, source: 'retry_after' });
    expect(retryDelay({ attempt: 1, error: RATE_LIMITED, retry: RETRY, random: fixed(0.999_999) }).delayMs).toBe(49_709);
  });

  it('is not capped by maxDelayMs (a daily limit may mean hours)', () => {
    const daily: AttemptError = { ...RATE_LIMITED, retryAfterMs: 3 * 3_600_000 };
    expect(retryDelay({ attempt: 1, error: daily, retry: RETRY, random: fixed(0) }).delayMs).toBe(10_800_000);
  });

  it('spreads workers given the same value', () => {
    const random = seededRandom(1);
    const delays = new Set(Array.from({ length: 10 }, () => retryDelay({ attempt: 1, error: RATE_LIMITED, retry: RETRY, random }).delayMs));
    expect(delays.size).toBeGreaterThan(5);
  });

  it('honours a zero retry-after', () => {
    expect(retryDelay({ attempt: 3, error: { ...RATE_LIMITED, retryAfterMs: 0 }, retry: RETRY, random: fixed(0.7) })).toEqual({ delayMs: 0, source: 'retry_after' });
  });
});

describe('shouldRetry', () => {
  it.each([
    ['a retry with attempts left', SERVER_ERROR, 5, true],
    ['the last attempt', SERVER_ERROR, 6, false],
    ['past the last attempt', SERVER_ERROR, 7, false],
    ['fail_task', { ...SERVER_ERROR, kind: 'bad_request', decision: 'fail_task' } satisfies AttemptError, 1, false],
    ['stop_run', { ...SERVER_ERROR, kind: 'auth', decision: 'stop_run' } satisfies AttemptError, 1, false],
  ] as const)('%s', (_name, error, attempt, expected) => {
    expect(shouldRetry(error, attempt, RETRY)).toBe(expected);
  });
});
