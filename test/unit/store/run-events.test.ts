import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../electron/store/store-error.ts';
import type { RunStore } from '../../../electron/store/open-database.ts';
import type { AttemptError } from '../../../shared/domain/errors.ts';
import type { RateLimitSnapshot } from '../../../shared/domain/rate-limit.ts';
import { emptyCounts } from '../../../shared/domain/task.ts';
import { eventEmitter, makeTasks, SETTINGS, useStoreFixture } from './store-fixtures.ts';

const fixture = useStoreFixture();
const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);

const RATE_LIMITED: AttemptError = {
  kind: 'rate_limited',
  decision: 'retry',
  message: 'Rate limit reached for gpt-test on tokens per min (TPM): Limit 200000, Used 199500, Requested 900.',
  status: 429,
  code: 'rate_limit_exceeded',
  retryAfterMs: 2_000,
  limit: 'tokens',
};
const SNAPSHOT_429: RateLimitSnapshot = { limitRequests: 500, limitTokens: 200_000, remainingRequests: 120, remainingTokens: 0, resetTokensMs: 2_000 };
const SNAPSHOT_OK: RateLimitSnapshot = { limitRequests: 500, limitTokens: 200_000, remainingRequests: 119, remainingTokens: 180_000 };
const USAGE = { promptTokens: 40, completionTokens: 860, totalTokens: 900 };

function startedRun(taskCount = 3): { store: RunStore; emit: ReturnType<typeof eventEmitter> } {
  const store = fixture.open(fixture.tempDir(), { now: () => T0 });
  store.createRun({ id: 'run-1', settings: SETTINGS, tasks: makeTasks(taskCount) });
  const emit = eventEmitter(store, 'run-1');
  emit({ type: 'run.started', total: taskCount, settings: SETTINGS }, T0);
  return { store, emit };
}

function errorCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof StoreError ? error.code : `not a StoreError: ${String(error)}`;
  }
  return undefined;
}

describe('applyEvent: a task through a 429 and a retry', () => {
  it('records both attempts, the waits before them and the result', () => {
    const { store, emit } = startedRun();
    emit({ type: 'task.queued', taskId: 't1' }, T0 + 1);
    emit({ type: 'task.waiting', taskId: 't1', reason: 'tokens', waitMs: 30 }, T0 + 5);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 950 }, T0 + 40);
    emit({ type: 'attempt.progress', taskId: 't1', attempt: 1, chars: 10, completionTokens: 3 }, T0 + 60);
    emit({ type: 'attempt.failed', taskId: 't1', attempt: 1, error: RATE_LIMITED, latencyMs: 85.4, rateLimit: SNAPSHOT_429 }, T0 + 125);
    emit({ type: 'retry.scheduled', taskId: 't1', attempt: 2, delayMs: 2_000, source: 'retry_after' }, T0 + 125);
    expect(store.getTask('run-1', 't1')?.status).toBe('retrying');
    emit({ type: 'attempt.started', taskId: 't1', attempt: 2, estimatedTokens: 950 }, T0 + 2_125);
    emit({ type: 'task.done', taskId: 't1', attempt: 2, text: '# Topic 1\n\nBody.', usage: USAGE, costUsd: 0.00042, latencyMs: 1_500, rateLimit: SNAPSHOT_OK }, T0 + 3_625);

    const [first, second, ...rest] = store.getAttempts('run-1', 't1');
    expect(rest).toEqual([]);
    expect(first).toEqual({
      runId: 'run-1',
      taskId: 't1',
      attempt: 1,
      status: 'failed',
      startedAt: T0 + 40,
      endedAt: T0 + 125,
      latencyMs: 85,
      estimatedTokens: 950,
      waitBeforeMs: 35,
      waitSource: 'limiter',
      error: { kind: 'rate_limited', message: RATE_LIMITED.message, status: 429, code: 'rate_limit_exceeded' },
      rateLimit: SNAPSHOT_429,
      regeneration: 0,
      gates: null,
      costUsd: null,
    });
    expect(second).toEqual({
      runId: 'run-1',
      taskId: 't1',
      attempt: 2,
      status: 'ok',
      startedAt: T0 + 2_125,
      endedAt: T0 + 3_625,
      latencyMs: 1_500,
      estimatedTokens: 950,
      waitBeforeMs: 2_000,
      waitSource: 'retry_after',
      error: null,
      rateLimit: SNAPSHOT_OK,
      regeneration: 0,
      gates: null,
      costUsd: 0.00042,
    });
    expect(store.getTask('run-1', 't1')).toMatchObject({
      status: 'done',
      attempts: 2,
      resultText: '# Topic 1\n\nBody.',
      usage: USAGE,
      costUsd: 0.00042,
      error: null,
      updatedAt: T0 + 3_625,
    });
  });

  it('measures the whole wait when a cool-down follows the backoff, and names the longest planned part', () => {
    const { store, emit } = startedRun();
    emit({ type: 'task.waiting', taskId: 't1', reason: 'requests', waitMs: 0 }, T0 + 1);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 10 }, T0 + 1);
    emit({ type: 'attempt.failed', taskId: 't1', attempt: 1, error: { ...RATE_LIMITED, retryAfterMs: undefined }, latencyMs: 50 }, T0 + 51);
    emit({ type: 'retry.scheduled', taskId: 't1', attempt: 2, delayMs: 1_000, source: 'backoff' }, T0 + 51);
    emit({ type: 'task.waiting', taskId: 't1', reason: 'cooldown', waitMs: 4_000 }, T0 + 1_051);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 2, estimatedTokens: 10 }, T0 + 5_051);
    const attempts = store.getAttempts('run-1', 't1');
    expect(attempts.map((a) => [a.waitBeforeMs, a.waitSource])).toEqual([
      [0, 'limiter'],
      [5_000, 'cooldown'],
    ]);
    expect(attempts[0]?.rateLimit).toBeNull();
  });

  it('does not store attempt.progress', () => {
    const { store, emit } = startedRun();
    emit({ type: 'task.waiting', taskId: 't1', reason: 'requests', waitMs: 0 }, T0 + 1);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 10 }, T0 + 2);
    const before = store.getTask('run-1', 't1');
    emit({ type: 'attempt.progress', taskId: 't1', attempt: 1, chars: 500, completionTokens: 120 }, T0 + 900);
    expect(store.getTask('run-1', 't1')).toEqual(before);
    expect(store.getAttempts('run-1', 't1')[0]).toMatchObject({ status: 'running', endedAt: null });
  });
});

describe('applyEvent: task.done is one transaction', () => {
  it('leaves neither the attempt nor the task half-written when a statement fails', () => {
    const { store, emit } = startedRun();
    emit({ type: 'task.waiting', taskId: 't1', reason: 'requests', waitMs: 0 }, T0 + 1);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 10 }, T0 + 2);
    const bad = { promptTokens: -1, completionTokens: 5, totalTokens: 4 }; // the tasks CHECK refuses it
    // The attempt is ended first, then the task update fails: both must roll back.
    expect(() => emit({ type: 'task.done', taskId: 't1', attempt: 1, text: 'paid text', usage: bad, latencyMs: 10 }, T0 + 20)).toThrow(
      /CHECK constraint failed/,
    );
    expect(store.getAttempts('run-1', 't1')[0]).toMatchObject({ status: 'running', endedAt: null, latencyMs: null });
    expect(store.getTask('run-1', 't1')).toMatchObject({ status: 'running', resultText: null, usage: null });

    emit({ type: 'task.done', taskId: 't1', attempt: 1, text: 'paid text', usage: USAGE, latencyMs: 10 }, T0 + 30);
    expect(store.getTask('run-1', 't1')).toMatchObject({ status: 'done', resultText: 'paid text', usage: USAGE });
    expect(store.getAttempts('run-1', 't1')[0]).toMatchObject({ status: 'ok', endedAt: T0 + 30 });
  });
});

describe('applyEvent: terminal task events', () => {
  it('ends an attempt still in flight with the task', () => {
    const { store, emit } = startedRun();
    for (const taskId of ['t1', 't2']) {
      emit({ type: 'task.waiting', taskId, reason: 'requests', waitMs: 0 }, T0 + 1);
      emit({ type: 'attempt.started', taskId, attempt: 1, estimatedTokens: 10 }, T0 + 2);
    }
    emit({ type: 'task.cancelled', taskId: 't1', reason: 'Cancelled by the user' }, T0 + 10);
    const tooLarge: AttemptError = { kind: 'too_large', decision: 'fail_task', message: 'Request too large for gpt-test', status: 400 };
    emit({ type: 'task.failed', taskId: 't2', error: tooLarge }, T0 + 11);
    emit({ type: 'task.skipped', taskId: 't3' }, T0 + 12);

    expect(store.getTask('run-1', 't1')).toMatchObject({ status: 'cancelled', error: { kind: 'cancelled', message: 'Cancelled by the user' } });
    expect(store.getAttempts('run-1', 't1')[0]).toMatchObject({ status: 'cancelled', endedAt: T0 + 10 });
    expect(store.getTask('run-1', 't2')).toMatchObject({ status: 'failed', error: { kind: 'too_large', message: tooLarge.message } });
    expect(store.getAttempts('run-1', 't2')[0]).toMatchObject({ status: 'failed', endedAt: T0 + 11 });
    expect(store.getTask('run-1', 't3')).toMatchObject({ status: 'skipped', error: null });
  });

  it('records an aborted attempt as cancelled', () => {
    const { store, emit } = startedRun();
    emit({ type: 'task.waiting', taskId: 't1', reason: 'requests', waitMs: 0 }, T0 + 1);
    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 10 }, T0 + 2);
    const aborted: AttemptError = { kind: 'cancelled', decision: 'fail_task', message: 'Request was aborted.' };
    emit({ type: 'attempt.failed', taskId: 't1', attempt: 1, error: aborted, latencyMs: 5 }, T0 + 7);
    expect(store.getAttempts('run-1', 't1')[0]).toMatchObject({ status: 'cancelled', error: { kind: 'cancelled', status: null, code: null } });
  });
});

describe('applyEvent: runs', () => {
  it('follows the run through pause, limits and a stop, storing settings without a key', () => {
    const { store, emit } = startedRun();
    const withKey = { ...SETTINGS, apiKey: 'sk-should-never-be-stored' } as typeof SETTINGS;
    emit({ type: 'run.started', total: 3, settings: withKey }, T0 + 1);
    expect(store.getRun('run-1')?.settings).toEqual(SETTINGS);
    emit({ type: 'run.paused' }, T0 + 2);
    expect(store.getRun('run-1')?.status).toBe('paused');
    emit({ type: 'run.resumed' }, T0 + 3);
    const shapes = { requests: { kind: 'bucket', burst: 40 }, tokens: { kind: 'window', seconds: 10, allowance: 30_000 } } as const;
    emit({ type: 'run.limits', limits: { rpm: 500, tpm: 200_000 }, shapes, workers: 12, source: 'server' }, T0 + 4);
    const error = { code: 'auth', message: 'The API key was rejected (401). Check it in Settings.' };
    emit({ type: 'run.finished', outcome: 'stopped', counts: emptyCounts(), error }, T0 + 5);
    expect(store.getRun('run-1')).toMatchObject({
      status: 'stopped',
      error,
      finishedAt: T0 + 5,
      updatedAt: T0 + 5,
      lastLimits: { limits: { rpm: 500, tpm: 200_000 }, shapes, workers: 12, source: 'server', at: T0 + 4 },
    });

    emit({ type: 'run.started', total: 3, settings: SETTINGS }, T0 + 6); // a resume clears the old outcome
    expect(store.getRun('run-1')).toMatchObject({ status: 'running', error: null, finishedAt: null });
  });
});

describe('applyEvent: events that do not fit', () => {
  it('refuses them with a code, writing nothing', () => {
    const { store, emit } = startedRun();
    expect(errorCode(() => emit({ type: 'attempt.failed', taskId: 't1', attempt: 1, error: RATE_LIMITED, latencyMs: 1 }, T0 + 1))).toBe('out_of_order');
    expect(errorCode(() => emit({ type: 'task.done', taskId: 't1', attempt: 1, text: 'x', usage: USAGE, latencyMs: 1 }, T0 + 1))).toBe('out_of_order');
    expect(errorCode(() => emit({ type: 'task.waiting', taskId: 'nope', reason: 'tokens', waitMs: 1 }, T0 + 1))).toBe('not_found');
    expect(errorCode(() => emit({ type: 'attempt.started', taskId: 'nope', attempt: 1, estimatedTokens: 1 }, T0 + 1))).toBe('not_found');
    expect(errorCode(() => eventEmitter(store, 'no-such-run')({ type: 'run.paused' }, T0 + 1))).toBe('not_found');

    emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 1 }, T0 + 2);
    // A resumed task that numbers its attempts from 1 again would overwrite history: refused.
    expect(errorCode(() => emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 1 }, T0 + 3))).toBe('out_of_order');
    expect(store.getAttempts('run-1', 't1')).toHaveLength(1);
    expect(store.getTask('run-1', 't1')?.updatedAt).toBe(T0 + 2);
  });
});
