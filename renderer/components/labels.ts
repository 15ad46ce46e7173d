import type { WaitReason, WaitSource } from '../../shared/domain/rate-limit.ts';

/** Words for the engine's codes, shared by the table, the detail panel and the timeline. */
export const WAIT_REASON_LABELS: Readonly<Record<WaitReason, string>> = {
  requests: 'request quota',
  tokens: 'token quota',
  cooldown: 'shared cool-down',
  // The limiter's only reason to hold a request back on "concurrency": a limit not yet learned, so
  // one request at a time until the first reply's rate-limit headers arrive (the probe).
  concurrency: 'the first reply (probing the server’s limits)',
};

export const WAIT_SOURCE_LABELS: Readonly<Record<WaitSource, string>> = {
  retry_after: 'server retry-after',
  backoff: 'backoff',
  cooldown: 'shared cool-down',
  limiter: 'limiter',
};
