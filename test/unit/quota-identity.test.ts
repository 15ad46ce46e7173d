import { describe, expect, it } from 'vitest';
import { modelFamily, quotaIdentity } from '../../electron/engine/quota/quota-identity.ts';

const source = { baseURL: 'https://api.openai.com/v1', apiKey: 'sk-proj-abcdefghijklmnop1234', model: 'gpt-4o-mini' };

describe('quota identity', () => {
  it('is the same for the same provider, key and model family, however the URL and snapshot are written', () => {
    expect(quotaIdentity({ ...source, baseURL: 'https://API.openai.com/v1/', model: 'gpt-4o-mini-2024-07-18' })).toBe(quotaIdentity(source));
    expect(modelFamily(' GPT-4o-mini-2024-07-18 ')).toBe('gpt-4o-mini');
  });

  it('differs by key, provider and model', () => {
    const id = quotaIdentity(source);
    expect(quotaIdentity({ ...source, apiKey: 'sk-proj-other' })).not.toBe(id);
    expect(quotaIdentity({ ...source, baseURL: 'https://openrouter.ai/api/v1' })).not.toBe(id);
    expect(quotaIdentity({ ...source, model: 'gpt-4o' })).not.toBe(id);
  });

  it('never contains the key, whole or in part', () => {
    const id = quotaIdentity(source);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(id).not.toContain('1234');
  });
});
