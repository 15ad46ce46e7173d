import { describe, expect, it } from 'vitest';
import { NearDuplicateIndex } from '../../../shared/quality/near-duplicate-index.ts';

const words = (from: number, count: number) => Array.from({ length: count }, (_, i) => `word${from + i}`).join(' ');

describe('NearDuplicateIndex', () => {
  it('replaces an article recorded again under its id, and forgets a removed one', () => {
    const index = new NearDuplicateIndex({ threshold: 0.8 });
    const first = index.fingerprint(words(0, 200));
    const second = index.fingerprint(words(1_000, 200));
    index.put('a', first, 'task 1');
    expect(index.nearest(index.fingerprint(words(0, 200)))).toEqual({ id: 'a', label: 'task 1', jaccard: 1 });
    index.put('a', second, 'task 1');
    expect(index.size).toBe(1);
    expect(index.nearest(first)).toBeNull();
    expect(index.nearest(second)?.id).toBe('a');
    expect(index.nearest(second, 'a')).toBeNull();
    index.remove('a');
    expect(index.size).toBe(0);
    expect(index.nearest(second)).toBeNull();
  });

  it('orders matches most similar first, all at or above the threshold', () => {
    const index = new NearDuplicateIndex({ threshold: 0.5, shingleWords: 1 });
    index.put('same', index.fingerprint(words(0, 100)));
    index.put('close', index.fingerprint(words(10, 100)));
    index.put('far', index.fingerprint(words(60, 100)));
    const matches = index.matches(index.fingerprint(words(0, 100)));
    // 1-word shingles: 90 of 110 shared with "close", 40 of 160 with "far".
    expect(matches.map((m) => [m.id, Number(m.jaccard.toFixed(3))])).toEqual([
      ['same', 1],
      ['close', 0.818],
    ]);
  });

  it('refuses settings it cannot work with, quoting them', () => {
    expect(() => new NearDuplicateIndex({ threshold: 0 })).toThrow('must be above 0 and at most 1, got 0');
    expect(() => new NearDuplicateIndex({ threshold: 0.8, shingleWords: 0 })).toThrow('Words per shingle must be a whole number of at least 1, got 0');
    expect(() => new NearDuplicateIndex({ threshold: 0.8, numHashes: 1.5 })).toThrow('got 1.5');
  });
});
