import { once } from 'node:events';
import { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import type { SharedQuotaOptions } from './shared-quota.ts';
import { SharedQuota } from './shared-quota.ts';

/**
 * Joins a quota shared through the Redis at `url` (redis://host:port/db). Commands fail at once
 * rather than queue while Redis is away (the member then goes on alone at its share), and the
 * client keeps reconnecting in the background, so the member rejoins by itself. Waits up to
 * `connectTimeoutMs` for the first connection: a Redis that is down at the start means alone from
 * the start, not a failed run.
 */
export interface ConnectOptions extends Omit<SharedQuotaOptions, 'redis' | 'clock'> {
  readonly url: string;
  readonly clock: Clock;
  /** @default 2_000 */
  readonly connectTimeoutMs?: number;
}

export async function connectSharedQuota(options: ConnectOptions): Promise<{ quota: SharedQuota; close: () => void }> {
  const timeoutMs = options.connectTimeoutMs ?? 2_000;
  const redis = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    commandTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(2_000, 100 * attempt),
  });
  // A Redis that is down is a state this member handles, not an error to crash on.
  redis.on('error', () => undefined);
  await Promise.race([once(redis, 'ready'), options.clock.sleep(timeoutMs)]).catch(() => undefined);
  const quota = new SharedQuota({ ...options, redis });
  await quota.start();
  return {
    quota,
    close: () => {
      quota.close();
      redis.disconnect();
    },
  };
}
