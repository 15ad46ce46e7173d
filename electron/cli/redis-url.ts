import { redisUrlProblem } from '../../shared/redis-url.ts';
import { UsageError } from './exit-codes.ts';

/**
 * The Redis through which this process shares each quota: `--redis`, else PACER_REDIS_URL, else
 * none (the quota is this process's alone). A redis:// or rediss:// URL with a host.
 */
export function redisUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const from = flag !== undefined ? '--redis' : 'PACER_REDIS_URL';
  const raw = (flag ?? env.PACER_REDIS_URL)?.trim();
  if (raw === undefined || raw === '') return undefined;
  const problem = redisUrlProblem(raw);
  if (problem) throw new UsageError(`${from} ${problem}`);
  return raw;
}
