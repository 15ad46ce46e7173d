import { describe, expect, it } from 'vitest';
import { DEFAULT_BATCH_OPTIONS, enqueuedTokenLimitFor, resolveBatchOptions } from '../../electron/providers/simulator/batch-options.ts';
import { batchPhase, canCancel, scheduleBatch } from '../../electron/providers/simulator/batch-timeline.ts';
import { mergeOptions, resolveOptions } from '../../electron/providers/simulator/options.ts';

const T0 = 1_000_000;

describe('batch timeline', () => {
  // 4 lines finishing in the order 2, 0, 3, 1 over 100..900 ms: at 300, 500, 700, 900.
  const schedule = scheduleBatch(T0, 1_000, 86_400_000, [2, 0, 3, 1]);

  it('spreads the lines evenly over the in-progress share, in the given order', () => {
    expect(schedule.lineDoneAt).toEqual([T0 + 500, T0 + 900, T0 + 300, T0 + 700]);
    expect(schedule).toMatchObject({ validatedAt: T0 + 100, finalizingAt: T0 + 900, completedAt: T0 + 1_000, cancelMs: 100 });
  });

  it('moves validating → in_progress → finalizing → completed on the clock alone', () => {
    const at = (ms: number) => batchPhase(schedule, null, T0 + ms);
    expect(at(99)).toMatchObject({ status: 'validating', moments: {} });
    expect(at(100)).toMatchObject({ status: 'in_progress', moments: { in_progress_at: T0 + 100 }, cutoff: T0 + 100 });
    expect(at(900)).toMatchObject({ status: 'finalizing', moments: { finalizing_at: T0 + 900 } });
    expect(at(1_000)).toMatchObject({ status: 'completed', moments: { completed_at: T0 + 1_000 } });
  });

  it('fails an invalid batch when validation ends', () => {
    const invalid = scheduleBatch(T0, 1_000, 86_400_000, null);
    expect(batchPhase(invalid, null, T0 + 50).status).toBe('validating');
    expect(batchPhase(invalid, null, T0 + 100)).toMatchObject({ status: 'failed', moments: { failed_at: T0 + 100 } });
  });

  it('expires at the window when that comes first, cutting off the lines at that moment', () => {
    const short = scheduleBatch(T0, 1_000, 600, [2, 0, 3, 1]);
    expect(batchPhase(short, null, T0 + 599).status).toBe('in_progress');
    expect(batchPhase(short, null, T0 + 600)).toMatchObject({ status: 'expired', cutoff: T0 + 600, moments: { expired_at: T0 + 600 } });
    // An expiry during validation: it never started.
    expect(batchPhase(scheduleBatch(T0, 1_000, 50, [0]), null, T0 + 60).moments).toEqual({ expired_at: T0 + 50 });
  });

  it('cancels from validating or in progress only, and lines stop finishing at the request', () => {
    expect(canCancel(schedule, null, T0 + 50)).toBe(true);
    expect(canCancel(schedule, null, T0 + 899)).toBe(true);
    expect(canCancel(schedule, null, T0 + 900)).toBe(false);
    expect(canCancel(schedule, T0 + 400, T0 + 450)).toBe(false);
    expect(batchPhase(schedule, T0 + 400, T0 + 450)).toMatchObject({ status: 'cancelling', cutoff: T0 + 400 });
    expect(batchPhase(schedule, T0 + 400, T0 + 500)).toMatchObject({ status: 'cancelled', moments: { cancelled_at: T0 + 500 } });
    expect(batchPhase(schedule, T0 + 50, T0 + 60).moments).toEqual({ cancelling_at: T0 + 50 });
  });

  it('completes at once with no completion time', () => {
    expect(batchPhase(scheduleBatch(T0, 0, 86_400_000, [0, 1]), null, T0).status).toBe('completed');
  });
});

describe('batch options', () => {
  it('defaults to OpenAI’s limits and a completion time a demo can watch', () => {
    expect(resolveOptions().batch).toEqual(DEFAULT_BATCH_OPTIONS);
    expect(DEFAULT_BATCH_OPTIONS).toMatchObject({ maxFileRequests: 50_000, maxFileBytes: 200 * 1024 * 1024, enqueuedTokenLimit: 2_000_000 });
  });

  it('refuses bad values, quoting them', () => {
    expect(() => resolveOptions({ batch: { completionMs: -1 } })).toThrow("Simulator option 'batch.completionMs' must be a finite number of milliseconds >= 0, got -1");
    expect(() => resolveOptions({ batch: { enqueuedTokenLimit: 0.5 } })).toThrow("'batch.enqueuedTokenLimit' must be a positive whole number of tokens, or null for no limit, got 0.5");
    expect(() => resolveOptions({ batch: { enqueuedTokenLimits: { 'gpt-4o': -3 } } })).toThrow("'batch.enqueuedTokenLimits.gpt-4o' must be a positive whole number of tokens, or null for no limit, got -3");
  });

  it('changes live, keeping what the change does not name', () => {
    const start = resolveOptions({ batch: { completionMs: 5, enqueuedTokenLimits: { 'gpt-4o': 90_000 } } });
    const changed = mergeOptions(start, { batch: { expiryMs: 10, enqueuedTokenLimits: { 'gpt-4o-mini': null } } });
    expect(changed.batch).toMatchObject({ completionMs: 5, expiryMs: 10 });
    expect(enqueuedTokenLimitFor(changed.batch, 'gpt-4o')).toBe(90_000);
    expect(enqueuedTokenLimitFor(changed.batch, 'gpt-4o-mini')).toBeNull();
    expect(enqueuedTokenLimitFor(changed.batch, 'gpt-5-mini')).toBe(2_000_000);
    expect(resolveBatchOptions(DEFAULT_BATCH_OPTIONS, undefined)).toBe(DEFAULT_BATCH_OPTIONS);
  });
});
