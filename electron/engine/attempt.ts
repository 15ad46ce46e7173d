import type { AttemptError } from '../../shared/domain/errors.ts';
import type { RateLimitSnapshot } from '../../shared/domain/rate-limit.ts';
import type { Usage } from '../../shared/domain/task.ts';
import { costUsd, priceFor } from '../../shared/pricing.ts';
import { ProviderError } from '../providers/provider.ts';
import type { ChatCompletion } from '../providers/provider.ts';
import { parseRateLimitHeaders } from './limiter/rate-limit-headers.ts';
import type { Permit } from './limiter/rate-limiter.ts';
import { retryDelay, shouldRetry } from './retry/backoff.ts';
import { classifyError } from './retry/classify-error.ts';
import type { Run } from './run.ts';
import { PAUSE, SKIP } from './run.ts';
import { taskRequest } from './task-request.ts';

/**
 * Takes one task through one attempt: wait for quota, send, stream, and decide what its outcome
 * means — done, retry (after the shared cool-down or a backoff), fail the task, or stop the run.
 * Aborts are not outcomes: a pause hands the task back, a cancel is finished by the run.
 */
export async function runAttempt(run: Run, taskId: string, signal: AbortSignal): Promise<void> {
  const { task, tokens } = run.taskInput(taskId);
  let permit: Permit;
  try {
    permit = await run.limiter.acquire(tokens, {
      signal,
      onWait: (wait) => run.emit({ type: 'task.waiting', taskId, reason: wait.reason, waitMs: wait.waitMs }),
    });
  } catch (error) {
    if (!signal.aborted) throw error;
    afterAbort(run, taskId, signal);
    return;
  }
  if (signal.aborted) {
    run.limiter.settle(permit, { rejected: true });
    afterAbort(run, taskId, signal);
    return;
  }

  run.markRequesting(taskId);
  const attempt = run.view.get(taskId).attempts + 1;
  try {
    run.emit({ type: 'attempt.started', taskId, attempt, estimatedTokens: tokens });
  } catch (error) {
    // Not recorded, so not sent: hand the permit back before the run stops.
    run.limiter.settle(permit, { rejected: true });
    throw error;
  }
  const startedAt = run.clock.now();
  let chars = 0;
  let deltas = 0;
  let lastProgress = startedAt;
  let reply: ChatCompletion;
  try {
    reply = await run.provider.complete(taskRequest(run.settings, task), {
      signal,
      timeoutMs: run.settings.requestTimeoutMs,
      onDelta: (delta) => {
        // The first token proves key, model and quota are fine: the probe is over.
        if (deltas === 0) run.markProbed();
        chars += delta.length;
        deltas++;
        const now = run.clock.now();
        if (now - lastProgress >= run.progressIntervalMs && !signal.aborted) {
          lastProgress = now;
          run.emit({ type: 'attempt.progress', taskId, attempt, chars, completionTokens: deltas });
        }
      },
    });
  } catch (error) {
    onFailure(run, taskId, attempt, permit, error, run.clock.now() - startedAt);
    if (signal.aborted) afterAbort(run, taskId, signal);
    return;
  }

  const latencyMs = run.clock.now() - startedAt;
  const rateLimit = parseRateLimitHeaders(reply.headers);
  const usage: Usage = reply.usage ?? { promptTokens: tokens - run.settings.maxTokens, completionTokens: deltas, totalTokens: tokens - run.settings.maxTokens + deltas };
  // TPM is charged at admission as an estimated prompt + max_tokens (provider-behaviour.md), and
  // not refunded: a server that counted the prompt higher than we reserved is charged the
  // difference; a lower real count is no refund, the admission estimate stands.
  run.limiter.settle(permit, { usedTokens: Math.max(permit.tokens, usage.promptTokens + run.settings.maxTokens), rateLimit });
  run.latency.observe(latencyMs);
  const price = priceFor(run.settings.model);
  const cost = price ? { costUsd: costUsd(price, usage.promptTokens, usage.completionTokens) } : {};
  run.emit({ type: 'task.done', taskId, attempt, text: reply.text, usage, ...cost, latencyMs, ...withSnapshot(rateLimit) });
  run.afterReply();
}

function onFailure(run: Run, taskId: string, attempt: number, permit: Permit, error: unknown, latencyMs: number): void {
  const failure = classifyError(error, run.clock.now());
  const rateLimit = error instanceof ProviderError ? parseRateLimitHeaders(error.headers) : undefined;
  const rateLimited = failure.kind === 'rate_limited' ? { limit: failure.limit, retryAfterMs: failure.retryAfterMs } : undefined;
  run.limiter.settle(permit, { rateLimit, rateLimited });
  run.emit({ type: 'attempt.failed', taskId, attempt, error: failure, latencyMs, ...withSnapshot(rateLimit) });
  if (failure.kind === 'cancelled') return; // the run's stop() ends the task
  if (failure.decision === 'stop_run') {
    run.fail({ code: failure.code ?? failure.kind, message: failure.message });
    return;
  }
  if (failure.kind !== 'timeout' && failure.kind !== 'network') run.afterReply();
  if (!shouldRetry(failure, attempt, run.settings.retry)) {
    run.emit({ type: 'task.failed', taskId, error: exhausted(failure, attempt) });
    return;
  }
  scheduleRetry(run, taskId, attempt, failure);
}

function scheduleRetry(run: Run, taskId: string, attempt: number, failure: AttemptError): void {
  const { delayMs, source } = retryDelay({ attempt, error: failure, retry: run.settings.retry, random: run.random });
  run.emit({ type: 'retry.scheduled', taskId, attempt: attempt + 1, delayMs, source });
  if (failure.kind === 'rate_limited') {
    // One shared gate: every worker waits behind it and re-enters through the limiter in order,
    // so the 429 does not turn into a herd of retries the moment it lifts.
    run.limiter.coolDown(delayMs);
    run.requeue(taskId);
  } else {
    run.requeue(taskId, delayMs);
  }
}

/** A pause hands the task back to the queue; a skip ends it; a stop is finished by the run. */
function afterAbort(run: Run, taskId: string, signal: AbortSignal): void {
  if (signal.reason === PAUSE) {
    run.emit({ type: 'task.queued', taskId });
    run.requeue(taskId);
  } else if (signal.reason === SKIP) {
    run.emit({ type: 'task.skipped', taskId });
  }
}

function exhausted(failure: AttemptError, attempt: number): AttemptError {
  if (failure.decision !== 'retry') return failure;
  return { ...failure, decision: 'fail_task', message: `Gave up after ${attempt} attempts: ${failure.message}` };
}

function withSnapshot(rateLimit: RateLimitSnapshot | undefined): { rateLimit?: RateLimitSnapshot } {
  return rateLimit && Object.keys(rateLimit).length > 0 ? { rateLimit } : {};
}
