import { z } from 'zod';

/**
 * The Redis a shared quota lives in, as the CLI's --redis and the app's "Shared quota" field take
 * it: a redis:// or rediss:// URL with a host. What is wrong with `raw`, worded to follow the
 * field's name ("--redis must be …"), or undefined when it will do.
 */
export function redisUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `must be a URL such as redis://127.0.0.1:6379/0, got ${JSON.stringify(raw)}.`;
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    return `must be a redis:// or rediss:// URL with a host, such as redis://127.0.0.1:6379/0, got ${JSON.stringify(raw)}.`;
  }
  return undefined;
}

export const RedisUrlSchema = z
  .string()
  .trim()
  .max(2_000, 'The shared quota URL must be at most 2,000 characters')
  .superRefine((raw, context) => {
    const problem = redisUrlProblem(raw);
    if (problem) context.addIssue({ code: 'custom', message: `The shared quota ${problem}` });
  });
