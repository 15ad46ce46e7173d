import { describe, expect, it } from 'vitest';
import { autoPoolSize } from '../../../electron/engine/pool-size.ts';

const base = { rpm: 600, tpm: null, tokensPerRequest: 500, latencyMs: 2_000, burstRequests: 0, max: 64 };

describe('autoPoolSize (Little’s law)', () => {
  it('keeps throughput × latency in flight, with headroom: 10/s × 2 s → 31', () => {
    expect(autoPoolSize(base)).toBe(Math.ceil(10 * 2 * 1.5) + 1);
  });

  it('follows the tighter limit: 60,000 TPM at 500 tokens a request is 2/s', () => {
    expect(autoPoolSize({ ...base, tpm: 60_000 })).toBe(Math.ceil(2 * 2 * 1.5) + 1);
  });

  it('grows with latency and shrinks when the provider speeds up', () => {
    expect(autoPoolSize({ ...base, latencyMs: 4_000 })).toBeGreaterThan(autoPoolSize(base));
    expect(autoPoolSize({ ...base, latencyMs: 500 })).toBeLessThan(autoPoolSize(base));
  });

  it('opens up to spend a full bucket at once, within the cap', () => {
    expect(autoPoolSize({ ...base, latencyMs: 100, burstRequests: 40 })).toBe(40);
    expect(autoPoolSize({ ...base, burstRequests: 500 })).toBe(64);
  });

  it('uses the cap when nothing limits, and never goes below one', () => {
    expect(autoPoolSize({ ...base, rpm: null })).toBe(64);
    expect(autoPoolSize({ ...base, rpm: 1, latencyMs: 1 })).toBe(2);
    expect(autoPoolSize({ ...base, max: 1 })).toBe(1);
  });
});
