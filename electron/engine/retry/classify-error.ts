import type { AttemptError, ErrorDecision, ErrorKind } from '../../../shared/domain/errors.ts';
import { ProviderError } from '../../providers/provider.ts';
import { parseRateLimitHeaders, parseRetryAfter } from '../limiter/rate-limit-headers.ts';
import { unreachableCode, unreachableReason } from './unreachable.ts';

/**
 * Triage: what one failed attempt means and what the engine should do about it. The status alone
 * is not enough (provider-behaviour.md): a 429 can be a rate limit (wait and retry), an empty
 * account (stop the run) or a request bigger than the limit (fail the task), so the body's
 * code/type and message decide. Messages are for humans: they say what happened and what to do,
 * then quote the server.
 */
type Triage = Pick<AttemptError, 'kind' | 'decision' | 'message' | 'limit' | 'code'>;

export function classifyError(error: unknown, nowMs: number): AttemptError {
  if (!(error instanceof ProviderError)) return classifyForeign(error);
  const triage = triageProvider(error);
  const retryAfterMs = error.failure === 'http' ? parseRetryAfter(error.headers, nowMs) : undefined;
  return {
    ...triage,
    decision: applyShouldRetry(triage, error.headers['x-should-retry']),
    ...(error.status !== undefined && { status: error.status }),
    ...((error.code ?? triage.code) !== undefined && { code: error.code ?? triage.code }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  };
}

function triageProvider(error: ProviderError): Triage {
  switch (error.failure) {
    case 'aborted':
      return cancelled('The request was cancelled.');
    case 'timeout':
      return outcome('timeout', 'retry', `No complete answer in time (timeout); retrying. Details: ${error.message}`);
    case 'network': {
      const code = unreachableCode(error);
      if (code !== undefined) return { ...outcome('network', 'retry', `Could not connect to the server (${unreachableReason(code)}); retrying.`), code };
      return outcome('network', 'retry', `The connection failed (network error); retrying. Details: ${error.message}`);
    }
    case 'http':
      return triageHttp(error);
  }
}

function triageHttp(error: ProviderError): Triage {
  const status = error.status;
  const label = statusLabel(error);
  const said = quote(error);
  if (error.code === 'insufficient_quota' || error.type === 'insufficient_quota') {
    return outcome('quota', 'stop_run', `Your account is out of quota (insufficient_quota): check your plan and billing, then resume the run.${said}`);
  }
  // OpenAI sends this as a 429 with code rate_limit_exceeded: only the message tells it apart.
  if (/request too large/i.test(error.message) || status === 413) {
    return outcome('too_large', 'fail_task', `This request is larger than the provider allows (${label}) and can never succeed as is: shorten the input or lower Max tokens.${said}`);
  }
  // Overload is the server's trouble, not our budget: back off, but do not drain the buckets.
  if (/overloaded/i.test(error.message) && (status === 429 || (status !== undefined && status >= 500))) {
    return outcome('server_error', 'retry', `The provider is overloaded (${label}); retrying with backoff.${said}`);
  }
  if (status === undefined) return outcome('unknown', 'retry', `The server answered with an error but no status; retrying.${said}`);
  if (status === 429) return rateLimited(error, label, said);
  if (status === 401) {
    return outcome('auth', 'stop_run', `The API key was rejected (${label}). Check the key (OPENAI_API_KEY or Settings).${said}`);
  }
  if (status === 403) {
    return outcome('auth', 'stop_run', `Access was denied (${label}). Check that the key's project may use this model and endpoint.${said}`);
  }
  if (status === 404) return notFound(error, label, said);
  if (status === 408) return outcome('timeout', 'retry', `The server timed out waiting for the request (${label}); retrying.${said}`);
  if (status === 409) return outcome('server_error', 'retry', `The server reported a conflict (${label}); retrying.${said}`);
  if (status >= 500) return outcome('server_error', 'retry', `The server had an error (${label}); retrying with backoff.${said}`);
  if (status >= 400) return badRequest(error, label, said);
  return outcome('unknown', 'retry', `Unexpected answer from the server (${label}); retrying.${said}`);
}

function rateLimited(error: ProviderError, label: string, said: string): Triage {
  const limit = limitOf(error);
  const which = limit === undefined ? '' : ` on ${limit}`;
  return {
    kind: 'rate_limited',
    decision: 'retry',
    message: `Rate limit reached${which} (${label}); waiting as the server asks, then retrying.${said}`,
    ...(limit !== undefined && { limit }),
  };
}

/** Which bucket the server said ran dry: its `type`, else the message, else a header at zero. */
function limitOf(error: ProviderError): 'requests' | 'tokens' | undefined {
  if (error.type === 'requests' || error.type === 'tokens') return error.type;
  if (/\(RP[MD]\)|requests per (?:min|day)/i.test(error.message)) return 'requests';
  if (/\(TP[MD]\)|tokens per (?:min|day)/i.test(error.message)) return 'tokens';
  const snapshot = parseRateLimitHeaders(error.headers);
  if (snapshot.remainingRequests === 0) return 'requests';
  if (snapshot.remainingTokens === 0) return 'tokens';
  return undefined;
}

function notFound(error: ProviderError, label: string, said: string): Triage {
  // OpenAI: "The model `gpt-5x` does not exist or you do not have access to it."
  const model = /model [`'"]([^`'"]+)[`'"]/i.exec(error.message)?.[1];
  const message =
    model === undefined
      ? `The model or endpoint was not found (${label}). Check the model name and the base URL.${said}`
      : `Model '${model}' was not found (${label}). Pick a model your provider serves.${said}`;
  // Every task would hit the same wall, so the whole run stops.
  return outcome('model_not_found', 'stop_run', message);
}

function badRequest(error: ProviderError, label: string, said: string): Triage {
  if (error.code === 'context_length_exceeded') {
    return outcome('bad_request', 'fail_task', `The prompt plus Max tokens exceed the model's context window (${label}): shorten the input or lower Max tokens.${said}`);
  }
  return outcome('bad_request', 'fail_task', `The server rejected this request (${label}); this task fails and the run goes on. Fix what the server names.${said}`);
}

/**
 * The message of a failure that ends the task: the triage said "retrying", which it no longer is.
 */
export function finalMessage(message: string): string {
  return message.replace(/; (?:waiting as the server asks, then retrying|retrying(?: with backoff)?)\./, '.');
}

/** Errors that never went through a provider: a bug or an abort reason; retry unless it was an abort. */
function classifyForeign(error: unknown): AttemptError {
  const name = error instanceof Error || error instanceof DOMException ? error.name : undefined;
  const text = error instanceof Error || error instanceof DOMException ? error.message : String(error);
  if (name === 'AbortError') return cancelled(`The request was cancelled: ${text}`);
  if (name === 'TimeoutError') return outcome('timeout', 'retry', `No answer in time (${text}); retrying.`);
  return outcome('unknown', 'retry', `Unexpected error: ${text}; retrying.`);
}

/**
 * `x-should-retry` is the server's own verdict on retry versus fail. It never turns a run-level
 * stop into a retry (an empty account stays empty) and means nothing for a cancelled attempt.
 */
function applyShouldRetry(triage: Triage, header: string | undefined): ErrorDecision {
  if (triage.kind === 'cancelled' || triage.decision === 'stop_run') return triage.decision;
  const verdict = header?.trim().toLowerCase();
  if (verdict === 'true') return 'retry';
  if (verdict === 'false') return 'fail_task';
  return triage.decision;
}

// 'fail_task' so that an engine reading only the decision neither retries nor stops the run; it
// checks kind 'cancelled' to end the task as cancelled rather than failed.
function cancelled(message: string): Triage {
  return outcome('cancelled', 'fail_task', message);
}

function outcome(kind: ErrorKind, decision: ErrorDecision, message: string): Triage {
  return { kind, decision, message };
}

function statusLabel(error: ProviderError): string {
  const detail = error.code ?? error.type;
  const status = error.status ?? 'no status';
  return detail === undefined ? `${status}` : `${status} ${detail}`;
}

const MAX_QUOTE = 500;

function quote(error: ProviderError): string {
  const text = error.message.trim();
  if (text === '') return '';
  const clipped = text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text;
  return ` The server said: "${clipped}"`;
}
