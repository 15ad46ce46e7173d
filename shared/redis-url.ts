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

/** Stands for the Redis password wherever the page shows the URL: the password itself stays in main. */
export const REDIS_PASSWORD_MASK = '********';

/** The URL as the page may show it: its password, if it has one, masked. */
export function redisUrlForDisplay(url: string): string {
  const parsed = new URL(url);
  if (parsed.password === '') return url;
  parsed.password = REDIS_PASSWORD_MASK;
  return parsed.toString();
}

/**
 * The URL to keep when the page saves `incoming`: the page only ever saw the mask, so a mask sent
 * back for the same user on the same server stands for the password kept (`stored`). Anything
 * else is what the user typed. Throws when the mask comes back for another server, whose password
 * the user has not given.
 */
export function withKeptPassword(incoming: string, stored: string | undefined): string {
  const parsed = new URL(incoming);
  if (parsed.password !== REDIS_PASSWORD_MASK) return incoming;
  const kept = stored === undefined ? undefined : new URL(stored);
  if (!kept || kept.password === '' || kept.protocol !== parsed.protocol || kept.host !== parsed.host || kept.username !== parsed.username) {
    throw new RangeError('The shared quota URL has the password mask in place of a password: type the Redis password itself.');
  }
  parsed.password = kept.password;
  return parsed.toString();
}
