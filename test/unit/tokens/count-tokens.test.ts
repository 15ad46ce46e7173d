import { describe, expect, it } from 'vitest';
import { countTokens, encodingForModel, estimateChatTokens, estimateRequestTokens } from '../../../electron/engine/tokens/count-tokens.ts';
import type { ChatMessage } from '../../../electron/providers/provider.ts';

describe('encodingForModel', () => {
  it('uses cl100k_base for gpt-4 and gpt-3.5 (any variant)', () => {
    for (const model of ['gpt-4', 'gpt-4-turbo', 'gpt-4-0613', 'gpt-4-32k', 'GPT-4', 'gpt-3.5-turbo', 'gpt-3.5-turbo-0125', 'ft:gpt-3.5-turbo:acme::abc']) {
      expect(encodingForModel(model), model).toBe('cl100k_base');
    }
  });

  it('uses o200k_base for gpt-4o, gpt-4.1, gpt-5, the o-series and unknown models', () => {
    for (const model of ['gpt-4o', 'gpt-4o-mini-2024-07-18', 'gpt-4.1-nano', 'gpt-4.5-preview', 'gpt-5', 'gpt-5-mini', 'o1', 'o3-mini', 'o4-mini', 'ft:gpt-4o-mini:acme::x', 'llama-3-70b', '']) {
      expect(encodingForModel(model), model).toBe('o200k_base');
    }
  });
});

describe('countTokens', () => {
  it('counts with the model’s vocabulary (Japanese splits very differently in the two)', () => {
    expect(countTokens('東京のラーメンガイド', 'gpt-4o')).toBe(8);
    expect(countTokens('東京のラーメンガイド', 'gpt-4')).toBe(12);
    expect(countTokens('Write an SEO article about coffee grinders.', 'gpt-5-mini')).toBe(8);
    expect(countTokens('Write an SEO article about coffee grinders.', 'gpt-3.5-turbo')).toBe(9);
  });

  it('counts special-token text as plain text instead of throwing', () => {
    expect(countTokens('<|endoftext|>', 'gpt-4o-mini')).toBe(7);
  });

  it('counts nothing as zero', () => {
    expect(countTokens('', 'gpt-4o')).toBe(0);
  });
});

describe('estimateChatTokens', () => {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are a helpful assistant.' }, // 6 tokens
    { role: 'user', content: 'Hello world' }, // 2 tokens
  ];

  it('adds 3 per message, the role (1 token each) and 3 for the reply priming', () => {
    // (3 + 1 + 6) + (3 + 1 + 2) + 3
    expect(estimateChatTokens(messages, 'gpt-4o-mini')).toBe(19);
    expect(estimateChatTokens([], 'gpt-4o-mini')).toBe(3);
    expect(estimateChatTokens([{ role: 'user', content: '' }], 'gpt-4o-mini')).toBe(7);
  });

  it('counts each message with the model’s vocabulary', () => {
    const japanese: ChatMessage[] = [{ role: 'user', content: '東京のラーメンガイド' }];
    expect(estimateChatTokens(japanese, 'gpt-4o')).toBe(3 + 1 + 8 + 3);
    expect(estimateChatTokens(japanese, 'gpt-4-turbo')).toBe(3 + 1 + 12 + 3);
  });
});

describe('estimateRequestTokens', () => {
  it('is the prompt estimate plus the whole max_tokens, as TPM is charged at admission', () => {
    expect(estimateRequestTokens([{ role: 'user', content: 'Hello world' }], 1_024, 'gpt-4o-mini')).toBe(3 + 1 + 2 + 3 + 1_024);
  });

  it("never reserves less than the server's character-based estimate (ceil(chars / 4))", () => {
    const repetitive = 'lorem ipsum dolor sit amet '.repeat(200);
    const tokenized = estimateChatTokens([{ role: 'user', content: repetitive }], 'gpt-4o-mini');
    expect(tokenized).toBeLessThan(repetitive.length / 4);
    expect(estimateRequestTokens([{ role: 'user', content: repetitive }], 100, 'gpt-4o-mini')).toBe(Math.ceil(repetitive.length / 4) + 100);
  });
});
