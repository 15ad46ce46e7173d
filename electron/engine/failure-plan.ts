import type { AttemptError, PacerError } from '../../shared/domain/errors.ts';
import type { RetrySettings } from '../../shared/domain/settings.ts';
import type { Random } from './random.ts';
import { retryDelay, shouldRetry } from './retry/backoff.ts';
import { finalMessage } from './retry/classify-error.ts';
import { isUnreachable } from './retry/unreachable.ts';

/**
 * The longest server-asked wait (retry-after) a run sits through. Per-minute limits ask for
 * seconds; a wait of hours means a daily limit or maintenance, and then the user is better served
 * by a stopped run that says when to resume than by a run that looks busy for hours (and dies
 * with the laptop's sleep). Below it the wait is honoured in full, however the clock steps it.
 */
export const MAX_SERVER_WAIT_MS = 15 * 60_000;

/** What the engine does after an attempt failed (and was not aborted by a control). */
export type FailurePlan =
  /** Try again after `delayMs`; a rate limit closes the limiter's shared gate for everyone. */
  | { readonly kind: 'retry'; readonly delayMs: number; readonly source: 'retry_after' | 'backoff'; readonly sharedCoolDown: boolean }
  | { readonly kind: 'fail_task'; readonly error: AttemptError }
  | { readonly kind: 'stop_run'; readonly error: PacerError }
  /** No server answered: the run's outage budget decides, not the task's. */
  | { readonly kind: 'unreachable' };

export interface FailureInput {
  readonly error: AttemptError;
  /** Attempts of this task in this round, the failed one included. */
  readonly roundAttempt: number;
  readonly retry: RetrySettings;
  readonly random: Random;
}

export function planAfterFailure({ error, roundAttempt, retry, random }: FailureInput): FailurePlan {
  if (error.decision === 'stop_run') return { kind: 'stop_run', error: { code: error.code ?? error.kind, message: error.message } };
  if (isUnreachable(error)) return { kind: 'unreachable' };
  if (!shouldRetry(error, roundAttempt, retry)) return { kind: 'fail_task', error: finalError(error, roundAttempt) };
  if (error.retryAfterMs !== undefined && error.retryAfterMs > MAX_SERVER_WAIT_MS) {
    return { kind: 'stop_run', error: { code: 'retry_after_too_long', message: tooLong(error.retryAfterMs) } };
  }
  const { delayMs, source } = retryDelay({ attempt: roundAttempt, error, retry, random });
  return { kind: 'retry', delayMs, source, sharedCoolDown: error.kind === 'rate_limited' };
}

/** The error a task fails with when it goes no further: it says so, and after how many attempts when it used them up. */
export function finalError(error: AttemptError, attempts: number): AttemptError {
  if (error.decision !== 'retry') return { ...error, message: finalMessage(error.message) };
  return { ...error, decision: 'fail_task', message: `Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${finalMessage(error.message)}` };
}

function tooLong(waitMs: number): string {
  const minutes = Math.ceil(waitMs / 60_000);
  const span = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return (
    `The server asks to wait ${span} before the next request (retry-after), which usually means a daily limit or maintenance. ` +
    `Pacer stopped the run rather than hold it open that long: resume it after the wait; nothing finished is lost.`
  );
}
