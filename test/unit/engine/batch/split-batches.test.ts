import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BatchLineItem } from '../../../../electron/engine/batch/batch-lines.ts';
import { batchLine, jsonlOf } from '../../../../electron/engine/batch/batch-lines.ts';
import { splitIntoBatches, tokenLimitFromMessage } from '../../../../electron/engine/batch/split-batches.ts';
import { RunSettingsSchema } from '../../../../shared/domain/settings.ts';

const item = (taskId: string, bytes: number, tokens: number): BatchLineItem => ({ taskId, line: '', bytes, tokens });

describe('splitIntoBatches', () => {
  it('cuts at the request limit', () => {
    const items = Array.from({ length: 25 }, (_, i) => item(String(i), 10, 1));
    const { parts } = splitIntoBatches(items, { maxRequests: 10, maxBytes: 1_000, maxTokens: null });
    expect(parts.map((p) => p.length)).toEqual([10, 10, 5]);
  });

  it('cuts at the byte limit and at the token limit, whichever comes first', () => {
    const items = [item('a', 60, 1), item('b', 60, 1), item('c', 10, 50), item('d', 10, 60)];
    const { parts } = splitIntoBatches(items, { maxRequests: 100, maxBytes: 100, maxTokens: 100 });
    expect(parts.map((p) => p.map((i) => i.taskId))).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('sets apart a line that alone is over a limit rather than dropping it', () => {
    const { parts, oversized } = splitIntoBatches([item('a', 10, 5), item('huge', 10, 500), item('b', 10, 5)], { maxRequests: 10, maxBytes: 100, maxTokens: 100 });
    expect(parts.map((p) => p.map((i) => i.taskId))).toEqual([['a', 'b']]);
    expect(oversized.map((i) => i.taskId)).toEqual(['huge']);
  });

  it('refuses limits that could never hold a line, quoting them', () => {
    expect(() => splitIntoBatches([], { maxRequests: 0, maxBytes: 1, maxTokens: null })).toThrow('maxRequests must be a positive whole number, got 0');
  });

  it('keeps every line exactly once, in order, and every part within every limit', () => {
    const arbItems = fc.array(fc.record({ bytes: fc.integer({ min: 1, max: 300 }), tokens: fc.integer({ min: 1, max: 300 }) }), { maxLength: 200 });
    const arbLimits = fc.record({ maxRequests: fc.integer({ min: 1, max: 20 }), maxBytes: fc.integer({ min: 1, max: 1_000 }), maxTokens: fc.option(fc.integer({ min: 1, max: 1_000 }), { nil: null }) });
    fc.assert(
      fc.property(arbItems, arbLimits, (raw, limits) => {
        const items = raw.map((r, i) => item(String(i), r.bytes, r.tokens));
        const { parts, oversized } = splitIntoBatches(items, limits);
        const kept = parts.flat();
        expect([...kept, ...oversized].map((i) => Number(i.taskId)).sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
        expect(kept.map((i) => Number(i.taskId))).toEqual([...kept.map((i) => Number(i.taskId))].sort((a, b) => a - b));
        for (const part of parts) {
          expect(part.length).toBeGreaterThan(0);
          expect(part.length).toBeLessThanOrEqual(limits.maxRequests);
          expect(part.reduce((s, i) => s + i.bytes, 0)).toBeLessThanOrEqual(limits.maxBytes);
          if (limits.maxTokens !== null) expect(part.reduce((s, i) => s + i.tokens, 0)).toBeLessThanOrEqual(limits.maxTokens);
        }
        for (const i of oversized) expect(i.bytes > limits.maxBytes || (limits.maxTokens !== null && i.tokens > limits.maxTokens)).toBe(true);
      }),
    );
  });

  it('holds OpenAI’s 50,000 requests per file for a large run', () => {
    const items = Array.from({ length: 120_001 }, (_, i) => item(String(i), 100, 10));
    const { parts } = splitIntoBatches(items, { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024, maxTokens: null });
    expect(parts.map((p) => p.length)).toEqual([50_000, 50_000, 20_001]);
  });
});

describe('batchLine', () => {
  it('writes the task as a chat request with its id as custom_id, and counts its bytes with the newline', () => {
    const settings = RunSettingsSchema.parse({ promptTemplate: 'Write about {{topic}} — ünïcode', maxTokens: 99, temperature: 0.3 });
    const line = batchLine(settings, { id: '7', index: 7, topic: 'tea', vars: {} });
    expect(JSON.parse(line.line)).toEqual({
      custom_id: '7',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Write about tea — ünïcode' }], max_tokens: 99, temperature: 0.3 },
    });
    expect(line.bytes).toBe(Buffer.byteLength(jsonlOf([line])));
    expect(line.tokens).toBeGreaterThan(0);
  });
});

describe('tokenLimitFromMessage', () => {
  it('reads the limit OpenAI names', () => {
    expect(
      tokenLimitFromMessage('Enqueued token limit reached for gpt-4o-mini in organization org-x. Limit: 2,000,000 enqueued tokens. Please try again once some in_progress batches have been completed.'),
    ).toBe(2_000_000);
    expect(tokenLimitFromMessage('Something else went wrong.')).toBeUndefined();
  });
});
