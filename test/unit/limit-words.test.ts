import { describe, expect, it } from 'vitest';
import { limitWords } from '../../shared/limit-words.ts';

describe('limitWords', () => {
  it('says what the server turned out to allow, per dimension', () => {
    expect(limitWords({ rpm: 60, tpm: 90_000 }, { requests: { kind: 'bucket', burst: 10 }, tokens: { kind: 'window', seconds: 10, allowance: 15_000 } })).toEqual({
      requests: '60 RPM, at most 10 at once',
      tokens: '90,000 TPM in 10 s windows of 15,000',
    });
    expect(limitWords({ rpm: 120, tpm: null }, { requests: { kind: 'quantized', seconds: 1, allowance: 2 }, tokens: { kind: 'learning', burst: 0 } })).toEqual({
      requests: '120 RPM, 2 per 1 s',
      tokens: 'TPM unknown or unlimited',
    });
  });

  it('tells a burst still being learned and a pinned one apart, and rounds what it shows', () => {
    expect(limitWords({ rpm: 500, tpm: 200_000 }, { requests: { kind: 'learning', burst: 4.5 }, tokens: { kind: 'pinned', burst: 20_000.4 } })).toEqual({
      requests: '500 RPM, 4.5 at once so far',
      tokens: '200,000 TPM, 20,000 at once (set)',
    });
    expect(limitWords({ rpm: 60, tpm: null }, undefined).requests).toBe('60 RPM');
  });
});
