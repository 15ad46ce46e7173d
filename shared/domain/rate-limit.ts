/** The `x-ratelimit-*` headers of one response, parsed. Absent or unusable values are undefined. */
export interface RateLimitSnapshot {
  readonly limitRequests?: number;
  readonly limitTokens?: number;
  readonly remainingRequests?: number;
  readonly remainingTokens?: number;
  readonly resetRequestsMs?: number;
  readonly resetTokensMs?: number;
}

/** Limits in force for a run. `null` means "unknown: discover from the server's headers". */
export interface Limits {
  readonly rpm: number | null;
  readonly tpm: number | null;
}

/** Why a task is waiting, and who decided how long. */
export type WaitReason = 'requests' | 'tokens' | 'cooldown' | 'concurrency';
export type WaitSource =
  | 'retry_after' // the server said how long (retry-after-ms / retry-after)
  | 'backoff' // computed exponential backoff with jitter
  | 'cooldown' // the shared cool-down gate another worker's 429 set
  | 'limiter'; // the local token buckets

/**
 * What the limiter learned of how the server enforces one dimension's per-minute limit: how much
 * it takes at once (a burst, grown from one request and halved by a 429), the fixed windows it
 * counts, or the shorter period it enforces without saying so (`quantized`: its 429s showed room
 * in the headers). `learning` is a burst while the shape is not yet told apart; `pinned` is the
 * user's.
 */
export type LimitShape =
  | { readonly kind: 'learning'; readonly burst: number }
  | { readonly kind: 'bucket'; readonly burst: number }
  | { readonly kind: 'pinned'; readonly burst: number }
  | { readonly kind: 'window'; readonly seconds: number; readonly allowance: number }
  | { readonly kind: 'quantized'; readonly seconds: number; readonly allowance: number };

export interface LimitShapes {
  readonly requests: LimitShape;
  readonly tokens: LimitShape;
}
