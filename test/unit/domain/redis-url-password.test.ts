import { describe, expect, it } from 'vitest';
import { REDIS_PASSWORD_MASK, redisUrlForDisplay, withKeptPassword } from '../../../shared/redis-url.ts';

describe('the Redis password never reaches the page', () => {
  it('shows a URL with its password masked, and one without a password as it is', () => {
    expect(redisUrlForDisplay('redis://:s3cret@10.0.0.5:6379/0')).toBe(`redis://:${REDIS_PASSWORD_MASK}@10.0.0.5:6379/0`);
    expect(redisUrlForDisplay('rediss://team:p%40ss@cache.example.net:6380/2')).toBe(`rediss://team:${REDIS_PASSWORD_MASK}@cache.example.net:6380/2`);
    expect(redisUrlForDisplay('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('keeps the stored password when the page sends the mask back for the same user and server', () => {
    const stored = 'rediss://team:p%40ss@cache.example.net:6380/2';
    expect(withKeptPassword(redisUrlForDisplay(stored), stored)).toBe(stored);
    // Another database on the same server keeps it too.
    expect(withKeptPassword(`rediss://team:${REDIS_PASSWORD_MASK}@cache.example.net:6380/5`, stored)).toBe('rediss://team:p%40ss@cache.example.net:6380/5');
  });

  it('takes a password the user typed as it is, and refuses the mask for another server or user', () => {
    expect(withKeptPassword('redis://:new@10.0.0.5:6379/0', 'redis://:old@10.0.0.5:6379/0')).toBe('redis://:new@10.0.0.5:6379/0');
    expect(() => withKeptPassword(`redis://:${REDIS_PASSWORD_MASK}@10.0.0.6:6379/0`, 'redis://:old@10.0.0.5:6379/0')).toThrow(/type the Redis password itself/);
    expect(() => withKeptPassword(`redis://bob:${REDIS_PASSWORD_MASK}@10.0.0.5:6379/0`, 'redis://:old@10.0.0.5:6379/0')).toThrow(/password mask/);
    expect(() => withKeptPassword(`redis://:${REDIS_PASSWORD_MASK}@10.0.0.5:6379/0`, undefined)).toThrow(/password mask/);
  });
});
