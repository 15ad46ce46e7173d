import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../electron/cli/exit-codes.ts';
import { parseRunArgs } from '../../../electron/cli/run-args.ts';

const parse = (...argv: string[]) => parseRunArgs(['topics.txt', ...argv], { OPENAI_API_KEY: 'sk-test' }, () => '');

function usageError(...argv: string[]): string {
  try {
    parse(...argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseRunArgs', () => {
  it('takes an http(s) --base-url', () => {
    expect(parse('--base-url', 'http://localhost:11434/v1').settings.provider).toEqual({ kind: 'openai', baseURL: 'http://localhost:11434/v1' });
  });

  it.each(['ftp://files.example.com/v1', 'file:///etc/passwd', 'gopher://x'])('refuses --base-url %s, naming the flag and the value', (url) => {
    expect(usageError('--base-url', url)).toBe(
      `--base-url: Base URL must start with http:// or https://, e.g. https://api.openai.com/v1 or http://localhost:11434/v1; got ${JSON.stringify(url)}`,
    );
  });

  it('bounds --max-tokens', () => {
    expect(parse('--max-tokens', '200000').settings.maxTokens).toBe(200_000);
    expect(usageError('--max-tokens', '200001')).toBe('--max-tokens: Max tokens must be at most 200,000');
    expect(usageError('--max-tokens', '1e12')).toBe('--max-tokens: Max tokens must be at most 200,000');
  });
});

describe('parseRunArgs: a shared quota and a pinned burst', () => {
  it('takes --redis, else PACER_REDIS_URL, else none', () => {
    expect(parse('--redis', 'redis://10.0.0.5:6379/2').redisUrl).toBe('redis://10.0.0.5:6379/2');
    const fromEnv = parseRunArgs(['topics.txt'], { PACER_REDIS_URL: 'rediss://cache.example.com:6380/0' }, () => '');
    expect(fromEnv.redisUrl).toBe('rediss://cache.example.com:6380/0');
    expect(parse().redisUrl).toBeUndefined();
  });

  it.each(['http://10.0.0.5:6379', 'localhost:6379', 'redis://'])('refuses --redis %s, quoting it', (url) => {
    expect(usageError('--redis', url)).toMatch(new RegExp(`^--redis must be a .*got ${JSON.stringify(url).replace(/[/.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`));
  });

  it('pins the burst per dimension with --burst and --burst-tokens; left out, it is learned', () => {
    expect(parse('--burst', '10').settings.burst).toEqual({ requests: 10, tokens: null });
    expect(parse('--burst-tokens', '20000').settings.burst).toEqual({ requests: null, tokens: 20_000 });
    expect(parse().settings.burst).toEqual({ requests: null, tokens: null });
    expect(usageError('--burst', '0')).toMatch(/Burst \(requests\) must be greater than 0/);
  });
});

describe('parseRunArgs: batch mode', () => {
  it('runs online unless --mode says otherwise', () => {
    expect(parse().settings).toMatchObject({ mode: 'online', deadlineMs: null, batchTokenLimit: null });
    expect(parse('--mode', 'batch').settings.mode).toBe('batch');
  });

  it('takes --deadline as a duration for auto and batch', () => {
    expect(parse('--mode', 'auto', '--deadline', '2h').settings).toMatchObject({ mode: 'auto', deadlineMs: 7_200_000 });
    expect(parse('--mode', 'batch', '--deadline', '1h30m').settings.deadlineMs).toBe(5_400_000);
  });

  it('takes --batch-token-limit', () => {
    expect(parse('--mode', 'batch', '--batch-token-limit', '2000000').settings.batchTokenLimit).toBe(2_000_000);
  });

  it('refuses an unknown mode, a bad deadline, and a deadline on an online run, naming the flag and the value', () => {
    expect(usageError('--mode', 'cheap')).toBe('--mode: Mode must be online, batch or auto; got "cheap"');
    expect(usageError('--mode', 'auto', '--deadline', 'tomorrow')).toBe('--deadline must be a duration such as 2h, 90m or 1h30m, got "tomorrow".');
    expect(usageError('--mode', 'auto', '--deadline', '0s')).toBe('--deadline must be a duration such as 2h, 90m or 1h30m, got "0s".');
    expect(usageError('--deadline', '2h')).toBe('--deadline applies to --mode auto or batch: online runs go as fast as the limits allow.');
    expect(usageError('--mode', 'Batch', '--deadline', '2h')).toBe('--mode: Mode must be online, batch or auto; got "Batch"');
  });

  it('refuses a budget on a batch or auto run, which the budget guard cannot hold yet', () => {
    expect(usageError('--mode', 'batch', '--budget-usd', '5')).toMatch(/^--budget-usd: A budget applies to online runs only/);
    expect(usageError('--mode', 'auto', '--deadline', '2h', '--budget-usd', '5')).toMatch(/choose the online mode, or leave the budget blank/);
    expect(parse('--budget-usd', '5').settings).toMatchObject({ mode: 'online', budgetUsd: 5 });
  });
});
