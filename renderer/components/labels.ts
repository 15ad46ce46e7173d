import type { WaitReason, WaitSource } from '../../shared/domain/rate-limit.ts';

/** Words for the engine's codes, shared by the table, the detail panel and the timeline. */
export const WAIT_REASON_LABELS: Readonly<Record<WaitReason, string>> = {
  requests: 'request quota',
  tokens: 'token quota',
  cooldown: 'shared cool-down',
  concurrency: 'a free worker',
};

export const WAIT_SOURCE_LABELS: Readonly<Record<WaitSource, string>> = {
  retry_after: 'server retry-after',
  backoff: 'backoff',
  cooldown: 'shared cool-down',
  limiter: 'limiter',
};
