import { describe, expect, it } from 'vitest';
import { etaWords } from '../../shared/eta-words.ts';

const seconds = (ms: number) => `${ms / 1_000} s`;

describe('etaWords', () => {
  it('says the time is learned when no limit is known', () => {
    expect(etaWords({}, seconds)).toBe('learned once it starts');
  });

  it('gives a range from a whole minute at once to one request at a time', () => {
    expect(etaWords({ etaMs: 15_000, etaNoBurstMs: 74_500, boundBy: 'requests' }, seconds)).toBe(
      '15 s to 74.5 s (bound by requests per minute): as much as the server takes at once, learned from its first answers',
    );
    expect(etaWords({ etaMs: 0, etaNoBurstMs: 9_000, boundBy: 'tokens' }, seconds)).toMatch(/^no wait to 9 s \(bound by tokens per minute\)/);
  });

  it('gives one figure when the burst is pinned, and no wait when the limits add none', () => {
    expect(etaWords({ etaMs: 70_000, boundBy: 'requests' }, seconds)).toBe('at least 70 s (bound by requests per minute)');
    expect(etaWords({ etaMs: 0, etaNoBurstMs: 500 }, seconds)).toBe('the limits add no wait');
  });
});
