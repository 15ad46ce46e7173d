import { describe, expect, it } from 'vitest';
import { articleTitle, composeCompletion } from '../../electron/providers/simulator/completion-text.ts';
import { formatGoDuration } from '../../electron/providers/simulator/go-duration-format.ts';
import { resolveOptions } from '../../electron/providers/simulator/options.ts';

describe('formatGoDuration', () => {
  it.each([
    [0, '0s'],
    [12, '12ms'],
    [0.2, '1ms'],
    [999, '999ms'],
    [1_000, '1s'],
    [45_190, '45.19s'],
    [51_189, '51.189s'],
    [360_000, '6m0s'],
    [252_172, '4m12.172s'],
    [83_909_144, '23h18m29.144s'],
    [3_600_000, '1h0m0s'],
    [-5, '0s'],
  ])('%d ms -> %s, as Go prints it', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});

describe('completion text', () => {
  it('titles the article from the subject of the last user message', () => {
    expect(articleTitle('Write an SEO article about growing tomatoes on a balcony.')).toBe('Growing Tomatoes on a Balcony');
    expect(articleTitle('  "Sourdough for beginners"\nMore detail here')).toBe('Sourdough for Beginners');
    expect(articleTitle('   ')).toBe('Untitled');
    expect(articleTitle(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ')).split(' ')).toHaveLength(12);
  });

  it('is deterministic per (seed, conversation), between 0.6 and 1.0 of max_tokens, one piece per token', () => {
    const a = composeCompletion(1, 'topic', 'Topic', 200, [0.6, 1]);
    expect(composeCompletion(1, 'topic', 'Topic', 200, [0.6, 1])).toEqual(a);
    expect(composeCompletion(2, 'topic', 'Topic', 200, [0.6, 1]).pieces).not.toEqual(a.pieces);
    expect(a.pieces.length).toBeGreaterThanOrEqual(120);
    expect(a.pieces.length).toBeLessThanOrEqual(200);
    expect(a.pieces.join('').startsWith('# Topic\n\n## ')).toBe(true);
    // Pieces are short words with their space, so a real tokenizer lands near one token each.
    const chars = a.pieces.join('').length;
    expect(chars / a.pieces.length).toBeGreaterThan(3);
    expect(chars / a.pieces.length).toBeLessThan(7);
  });

  it('reports finish_reason "length" when it used every max_token', () => {
    expect(composeCompletion(1, 'x', 'X', 5, [1, 1])).toMatchObject({ finishReason: 'length' });
    expect(composeCompletion(1, 'x', 'X', 1, [0.6, 1]).pieces).toEqual(['# ']);
  });
});

describe('simulator options', () => {
  it('refuses bad values with a message quoting them', () => {
    expect(() => resolveOptions({ rpm: 0 })).toThrow("Simulator option 'rpm' must be a positive number or null, got 0");
    expect(() => resolveOptions({ faults: { hangRate: 0.6, dropRate: 0.6 } })).toThrow(/summing to at most 1, got 1.2/);
    expect(() => resolveOptions({ host: '0.0.0.0' })).toThrow(/must be a loopback address/);
    expect(() => resolveOptions({ completionRatio: [0.9, 0.5] })).toThrow(/completionRatio/);
    expect(() => resolveOptions({ quotaRequests: -1 })).toThrow("Simulator option 'quotaRequests' must be a whole number >= 0 or null, got -1");
  });

  it('defaults to the documented values', () => {
    const options = resolveOptions();
    expect(options).toMatchObject({ seed: 1, rpm: 500, tpm: 200_000, burstSeconds: 60, chargeRejected: false, quotaRequests: null, apiKeys: null, host: '127.0.0.1', port: 0 });
    expect([...options.models]).toEqual(['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-5-mini', 'sim-fast']);
  });
});
