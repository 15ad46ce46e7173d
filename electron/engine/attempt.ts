import type { AttemptError } from '../../shared/domain/errors.ts';
import type { EngineEventBody, ReplyFields } from '../../shared/domain/events.ts';
import type { RateLimitSnapshot, WaitReason as EngineWaitReason } from '../../shared/domain/rate-limit.ts';
import type { RunSettings } from '../../shared/domain/settings.ts';
import type { Usage } from '../../shared/domain/task.ts';
import type { ModelPrice, PriceTable } from '../../shared/pricing.ts';
import { costUsd, priceFor } from '../../shared/pricing.ts';
import { ProviderError } from '../providers/provider.ts';
import type { ChatRequest } from '../providers/provider.ts';
import type { Clock } from './clock.ts';
import { MAX_TIMER_MS } from './clock.ts';
import { parseRateLimitHeaders } from './limiter/rate-limit-headers.ts';
import type { KeyLane, KeyLanes } from './keys/key-lanes.ts';
import type { Permit } from './limiter/rate-limiter.ts';
import { classifyError } from './retry/classify-error.ts';
import { isUnreachable } from './retry/unreachable.ts';
import type { Slot } from './task-board.ts';

/** What the run lends an attempt: the means to send, and the few things it reports back. */
export interface AttemptHost {
  readonly settings: RunSettings;
  readonly clock: Clock;
  /** The prices in force (the user's overrides applied): every cost figure comes from them. */
  readonly prices: PriceTable;
  /** The keys to send with: each request goes to the one that can admit it soonest. */
  readonly lanes: KeyLanes;
  /** Least time between two progress events of one attempt. */
  readonly progressIntervalMs: number;
  /** task.waiting and attempt.progress: listeners may throw. */
  emit(body: EngineEventBody): void;
  /** Emits attempt.started (the store records it first) and returns the attempt's number. */
  started(slot: Slot, estimatedTokens: number): number;
  /** The first token arrived: key, model and quota are proven. */
  firstToken(): void;
  /** Something failed in a callback with no caller to throw to (the limiter's timer, the stream). */
  callbackFailed(error: unknown): void;
}

export interface AttemptJob {
  readonly slot: Slot;
  readonly request: ChatRequest;
  readonly tokens: number;
}

export type AttemptOutcome =
  /** Aborted before the request left; the permit went back. */
  | { readonly kind: 'aborted' }
  | ({ readonly kind: 'done'; readonly lane: KeyLane } & Omit<ReplyFields, 'gates'>)
  | {
      readonly kind: 'failed';
      readonly lane: KeyLane;
      readonly attempt: number;
      readonly error: AttemptError;
      readonly latencyMs: number;
      readonly rateLimit?: RateLimitSnapshot;
      /** Billed although it failed: output had streamed (failedAttemptUsd). */
      readonly costUsd?: number;
    }
  /** Not sent because recording it failed (a listener threw on attempt.started), or a bug. */
  | { readonly kind: 'broken'; readonly error: unknown };

const ABORTED: AttemptOutcome = { kind: 'aborted' };

/**
 * One attempt of one task: wait for quota, record the attempt, send, stream, settle the permit.
 * It decides nothing about the task; the run routes the outcome. It never throws.
 */
export async function runAttempt(host: AttemptHost, job: AttemptJob): Promise<AttemptOutcome> {
  const { slot, tokens } = job;
  const { signal, taskId } = slot;
  const onWait = (wait: { reason: EngineWaitReason; waitMs: number }) => guarded(host, () => host.emit({ type: 'task.waiting', taskId, reason: wait.reason, waitMs: wait.waitMs }));
  // A key that leaves the pool while this waits on it sends the wait to another key.
  for (;;) {
    const lane = host.lanes.pick(tokens);
    const removed = host.lanes.removedSignal(lane.id);
    let permit: Permit;
    try {
      permit = await lane.limiter.acquire(tokens, { signal: AbortSignal.any([signal, removed]), onWait });
    } catch (error) {
      if (signal.aborted) return ABORTED;
      if (removed.aborted) continue;
      return { kind: 'broken', error };
    }
    if (signal.aborted) {
      lane.limiter.settle(permit, { rejected: true });
      return ABORTED;
    }
    let attempt: number;
    try {
      attempt = host.started(slot, tokens);
    } catch (error) {
      // Not recorded, so not sent: the permit goes back before the run stops.
      lane.limiter.settle(permit, { rejected: true });
      return { kind: 'broken', error };
    }
    return send(host, job, lane, permit, attempt);
  }
}

async function send(host: AttemptHost, job: AttemptJob, lane: KeyLane, permit: Permit, attempt: number): Promise<AttemptOutcome> {
  const { clock, settings } = host;
  const { taskId, signal } = job.slot;
  const startedAt = clock.now();
  let chars = 0;
  let deltas = 0;
  let lastProgress = startedAt;
  try {
    const reply = await lane.provider.complete(job.request, {
      signal,
      // A timeout past what one timer takes would fire at once (clock.ts).
      timeoutMs: Math.min(settings.requestTimeoutMs, MAX_TIMER_MS),
      onDelta: (delta) => {
        if (deltas === 0) guarded(host, () => host.firstToken());
        chars += delta.length;
        deltas++;
        const now = clock.now();
        if (now - lastProgress >= host.progressIntervalMs && !signal.aborted) {
          lastProgress = now;
          guarded(host, () => host.emit({ type: 'attempt.progress', taskId, attempt, chars, completionTokens: deltas }));
        }
      },
    });
    const latencyMs = clock.now() - startedAt;
    const rateLimit = parseRateLimitHeaders(reply.headers);
    const estimatedPrompt = job.tokens - settings.maxTokens;
    const usage: Usage = reply.usage ?? { promptTokens: estimatedPrompt, completionTokens: deltas, totalTokens: estimatedPrompt + deltas };
    // TPM is charged at admission as an estimated prompt + max_tokens (provider-behaviour.md), and
    // not refunded: a server that counted the prompt higher than we reserved is charged the
    // difference; a lower real count is no refund, the admission estimate stands.
    lane.limiter.settle(permit, { usedTokens: Math.max(permit.tokens, usage.promptTokens + settings.maxTokens), rateLimit });
    const price = priceFor(settings.model, host.prices);
    const cost = price ? { costUsd: costUsd(price, usage.promptTokens, usage.completionTokens) } : {};
    return { kind: 'done', lane, attempt, text: reply.text, usage, ...cost, latencyMs, ...withSnapshot(rateLimit) };
  } catch (thrown) {
    const error = classifyError(thrown, clock.now());
    const rateLimit = thrown instanceof ProviderError ? parseRateLimitHeaders(thrown.headers) : undefined;
    // A request that reached no server cost nothing there: its reservation goes back.
    const rateLimited = error.kind === 'rate_limited' ? { limit: error.limit, retryAfterMs: error.retryAfterMs } : undefined;
    lane.limiter.settle(permit, { rateLimit, rejected: isUnreachable(error), rateLimited });
    const price = priceFor(settings.model, host.prices);
    const billed = price ? failedAttemptUsd(price, job.tokens - settings.maxTokens, Math.min(deltas, settings.maxTokens)) : 0;
    return { kind: 'failed', lane, attempt, error, latencyMs: clock.now() - startedAt, ...withSnapshot(rateLimit), ...(billed > 0 && { costUsd: billed }) };
  }
}

/**
 * A failed request carries no usage. One that failed before any output (a 429, a 5xx, a refused
 * connection, a timeout before the first token) is not billed; one that dropped or timed out
 * mid-stream had its prompt read and its output generated, which the provider bills: the prompt as
 * estimated and the tokens that arrived (about one per streamed delta).
 */
function failedAttemptUsd(price: ModelPrice, promptTokens: number, streamedTokens: number): number {
  return streamedTokens > 0 ? costUsd(price, promptTokens, streamedTokens) : 0;
}

/** Callbacks run inside the limiter or the provider: a throw there would land in the wrong hands. */
function guarded(host: AttemptHost, action: () => void): void {
  try {
    action();
  } catch (error) {
    host.callbackFailed(error);
  }
}

function withSnapshot(rateLimit: RateLimitSnapshot | undefined): { rateLimit?: RateLimitSnapshot } {
  return rateLimit && Object.keys(rateLimit).length > 0 ? { rateLimit } : {};
}
