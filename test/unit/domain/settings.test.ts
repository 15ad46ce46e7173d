import { describe, expect, it } from 'vitest';
import { MAX_OUTPUT_TOKENS, RunSettingsSchema } from '../../../shared/domain/settings.ts';

const withBaseUrl = (baseURL: string) => RunSettingsSchema.safeParse({ provider: { kind: 'openai', baseURL } });

describe('RunSettingsSchema', () => {
  it.each(['https://api.openai.com/v1', 'http://localhost:11434/v1', 'http://127.0.0.1:8080/v1', 'HTTPS://OpenRouter.ai/api/v1', 'http://[::1]:1234/v1'])(
    'accepts the http(s) base URL %s',
    (url) => {
      expect(withBaseUrl(url).success).toBe(true);
    },
  );

  it.each(['ftp://example.com/v1', 'file:///etc/passwd', 'ws://localhost:1234', 'javascript:alert(1)', 'data:text/plain,x', 'localhost:11434', 'not a url'])(
    'refuses the base URL %s, quoting it',
    (url) => {
      const result = withBaseUrl(url);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(
        `Base URL must start with http:// or https://, e.g. https://api.openai.com/v1 or http://localhost:11434/v1; got ${JSON.stringify(url)}`,
      );
    },
  );

  it('bounds max tokens above every model’s longest reply', () => {
    expect(RunSettingsSchema.safeParse({ maxTokens: MAX_OUTPUT_TOKENS }).success).toBe(true);
    const tooMany = RunSettingsSchema.safeParse({ maxTokens: MAX_OUTPUT_TOKENS + 1 });
    expect(tooMany.error?.issues[0]?.message).toBe('Max tokens must be at most 200,000');
    expect(RunSettingsSchema.safeParse({ maxTokens: 1e15 }).success).toBe(false);
  });
});
