import { UsageError } from './exit-codes.ts';

/**
 * The Redis through which this process shares each quota: `--redis`, else PACER_REDIS_URL, else
 * none (the quota is this process's alone). A redis:// or rediss:// URL with a host.
 */
export function redisUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const from = flag !== undefined ? '--redis' : 'PACER_REDIS_URL';
  const raw = (flag ?? env.PACER_REDIS_URL)?.trim();
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${from} must be a URL such as redis://127.0.0.1:6379/0, got ${JSON.stringify(raw)}.`);
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    throw new UsageError(`${from} must be a redis:// or rediss:// URL with a host, such as redis://127.0.0.1:6379/0, got ${JSON.stringify(raw)}.`);
  }
  return raw;
}
