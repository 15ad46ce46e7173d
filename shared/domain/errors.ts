/**
 * What went wrong with one attempt, already triaged. `kind` is what the engine branches on;
 * `status`/`code` are kept verbatim for the timeline and the store.
 */
export type ErrorKind =
  | 'rate_limited' // 429 rate limit (RPM/TPM/RPD/TPD) or overload: retry after the shared cool-down
  | 'server_error' // 5xx: retry with backoff
  | 'timeout' // no answer in time: retry
  | 'network' // refused / reset / dropped mid-stream: retry
  | 'bad_request' // 400 and friends: fail this task only
  | 'too_large' // "Request too large": can never fit the limit, fail this task only
  | 'auth' // 401/403: stop the run
  | 'quota' // insufficient_quota: stop the run
  | 'model_not_found' // 404 model: stop the run
  | 'cancelled' // aborted by the user
  | 'unknown';

/** What the engine does about an error. */
export type ErrorDecision = 'retry' | 'fail_task' | 'stop_run';

export interface AttemptError {
  readonly kind: ErrorKind;
  readonly decision: ErrorDecision;
  readonly message: string;
  readonly status?: number;
  readonly code?: string;
  /** Server-requested wait, from retry-after-ms / retry-after, when present. */
  readonly retryAfterMs?: number;
  /** For rate_limited: which limit the server said ran out, when it said. */
  readonly limit?: 'requests' | 'tokens';
}

/** An error that crosses a boundary (IPC, CLI, a stopped run): a stable code and a human message. */
export interface PacerError {
  readonly code: string;
  readonly message: string;
}
