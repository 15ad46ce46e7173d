import { describe, expect, it } from 'vitest';
import { articleTitle, composeCompletion } from '../../electron/providers/simulator/completion-text.ts';
import { formatGoDuration } from '../../electron/providers/simulator/go-duration-format.ts';
import { formatLimitShape, parseLimitShape } from '../../electron/providers/simulator/limit-shape-text.ts';
import { drawRequest } from '../../electron/providers/simulator/faults.ts';
import { mergeOptions, resolveOptions } from '../../electron/providers/simulator/options.ts';
import { seededRandom } from '../../electron/providers/simulator/seeded-random.ts';

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

describe('fault draws', () => {
  const older = { serverErrorRate: 0.1, overloadRate: 0.05, hangRate: 0.05, dropRate: 0.05, noHeadersOn429Rate: 0 };
  const draws = (rates: Parameters<typeof drawRequest>[1]) => {
    const random = seededRandom(7);
    return Array.from({ length: 2_000 }, () => drawRequest(random, rates).fault);
  };

  it('adds truncations, resets and stalls without moving the faults a seed had before them', () => {
    const before = draws({ ...older, truncateRate: 0, resetRate: 0, stallRate: 0 });
    const after = draws({ ...older, truncateRate: 0.05, resetRate: 0.05, stallRate: 0.05 });
    const share = (fault: string) => after.filter((f) => f === fault).length / after.length;
    for (const [i, fault] of before.entries()) {
      if (fault !== 'none') expect(after[i]).toBe(fault);
      else expect(['none', 'truncate', 'reset', 'stall']).toContain(after[i]);
    }
    for (const kind of ['truncate', 'reset', 'stall']) {
      expect(share(kind)).toBeGreaterThan(0.03);
      expect(share(kind)).toBeLessThan(0.07);
    }
  });

  it('counts the new kinds in the at-most-one total of reply faults', () => {
    expect(() => resolveOptions({ faults: { dropRate: 0.5, truncateRate: 0.3, resetRate: 0.2, stallRate: 0.1 } })).toThrow(
      "Simulator option 'faults' must be rates (server error + overload + hang + drop + truncate + reset + stall) summing to at most 1, got 1.1",
    );
    expect(resolveOptions({ faults: { truncateRate: 0.5, resetRate: 0.25, stallRate: 0.25 } }).faults).toMatchObject({ truncateRate: 0.5, dropRate: 0 });
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

  it('refuses bad shapes with a message naming the field and quoting the value', () => {
    expect(() => resolveOptions({ burstSeconds: 0 })).toThrow("Simulator option 'burstSeconds' must be a positive number of seconds, got 0");
    expect(() => resolveOptions({ shape: { requests: { kind: 'window', seconds: 0.5 } } })).toThrow(
      "Simulator option 'shape.requests.seconds' must be a whole number of seconds from 1 to 60, got 0.5",
    );
    expect(() => resolveOptions({ shape: { tokens: { kind: 'window', seconds: 61 } } })).toThrow(/'shape.tokens.seconds' .* got 61/);
    expect(() => resolveOptions({ shape: { tokens: { kind: 'quantized', periodMs: 500 as 100 } } })).toThrow(
      "Simulator option 'shape.tokens.periodMs' must be 1000 (per second) or 100 (per 100 ms), got 500",
    );
    expect(() => resolveOptions({ shape: { requests: { kind: 'bucket', burstSeconds: -1 } } })).toThrow("'shape.requests.burstSeconds' must be a positive number of seconds, got -1");
    expect(() => resolveOptions({ shape: { requests: { kind: 'leaky' } as never } })).toThrow("'shape.requests.kind' must be 'bucket', 'window' or 'quantized', got 'leaky'");
    expect(() => resolveOptions({ shape: { reqests: { kind: 'window', seconds: 1 } } as never })).toThrow("Simulator option 'shape' must be keyed by 'requests' and/or 'tokens', got 'reqests'");
  });

  it('takes burstSeconds as a bucket in every dimension the shape does not name', () => {
    expect(resolveOptions({ burstSeconds: 10 }).shape).toEqual({ requests: { kind: 'bucket', burstSeconds: 10 }, tokens: { kind: 'bucket', burstSeconds: 10 } });
    expect(resolveOptions({ burstSeconds: 10, shape: { tokens: { kind: 'window', seconds: 10 } } }).shape).toEqual({
      requests: { kind: 'bucket', burstSeconds: 10 },
      tokens: { kind: 'window', seconds: 10 },
    });
  });

  it('changes one dimension live and keeps the other', () => {
    const start = resolveOptions({ shape: { requests: { kind: 'window', seconds: 10 }, tokens: { kind: 'quantized', periodMs: 100 } } });
    const changed = mergeOptions(start, { shape: { tokens: { kind: 'bucket', burstSeconds: 5 } } });
    expect(changed.shape).toEqual({ requests: { kind: 'window', seconds: 10 }, tokens: { kind: 'bucket', burstSeconds: 5 } });
    expect(mergeOptions(changed, { rpm: 60 }).shape).toEqual(changed.shape);
    expect(() => mergeOptions(start, { trackPrompts: true })).toThrow("Simulator option 'trackPrompts' is fixed at start; restart the simulator to change it");
  });

  it('defaults to the documented values', () => {
    const options = resolveOptions();
    expect(options).toMatchObject({ seed: 1, rpm: 500, tpm: 200_000, chargeRejected: false, quotaRequests: null, apiKeys: null, host: '127.0.0.1', port: 0, trackPrompts: false });
    // A whole minute's bucket in both dimensions, as OpenAI's headers suggest.
    expect(options.shape).toEqual({ requests: { kind: 'bucket', burstSeconds: 60 }, tokens: { kind: 'bucket', burstSeconds: 60 } });
    expect([...options.models]).toEqual(['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-5-mini', 'sim-fast']);
  });
});

describe('limit shapes as flag text', () => {
  it.each([
    ['bucket:60', { kind: 'bucket', burstSeconds: 60 }],
    ['bucket:0.5', { kind: 'bucket', burstSeconds: 0.5 }],
    ['window:10', { kind: 'window', seconds: 10 }],
    ['quantized:1s', { kind: 'quantized', periodMs: 1000 }],
    ['quantized:100ms', { kind: 'quantized', periodMs: 100 }],
  ])('%s', (text, shape) => {
    expect(parseLimitShape('shape', text)).toEqual(shape);
    expect(formatLimitShape(parseLimitShape('shape', text))).toBe(text);
  });

  it('refuses anything else, quoting it', () => {
    expect(() => parseLimitShape('shape-requests', 'leaky:3')).toThrow(
      "Simulator option 'shape-requests' must be bucket:SECONDS, window:SECONDS (1-60) or quantized:1s|100ms, got 'leaky:3'",
    );
    expect(() => parseLimitShape('shape', 'window:')).toThrow("'shape.seconds' must be a whole number of seconds from 1 to 60, got NaN");
    expect(() => parseLimitShape('shape', 'quantized:2s')).toThrow("'shape.periodMs' must be 1000 (per second) or 100 (per 100 ms), got '2s'");
  });
});
