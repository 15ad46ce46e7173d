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
