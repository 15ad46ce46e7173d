import { describe, expect, it } from 'vitest';
import { estimateSample, scaleEstimate } from '../../../../renderer/features/setup/estimate-sample.ts';

const inputs = (n: number) => Array.from({ length: n }, (_, index) => ({ index, topic: `T${index}`, vars: { topic: `T${index}` } }));

describe('the estimate of a big list', () => {
  it('sends a small list whole, and an even sample of a big one', () => {
    expect(estimateSample(inputs(10), 20)).toHaveLength(10);
    const sample = estimateSample(inputs(100_000), 2_000);
    expect(sample).toHaveLength(2_000);
    expect(sample[0]!.index).toBe(0);
    expect(sample[1]!.index).toBe(50);
    expect(sample.at(-1)!.index).toBe(99_950);
  });

  it('scales the sample’s figures up to every topic', () => {
    const scaled = scaleEstimate(
      { tasks: 2_000, promptTokens: 60_000, maxOutputTokens: 2_048_000, reservedTokens: 2_108_000, expectedOutputTokens: 1_638_400, cost: { minUsd: 0.01, expectedUsd: 0.9, maxUsd: 1.2 }, etaMs: 90_000, etaNoBurstMs: 120_000, boundBy: 'tokens' },
      100_000,
    );
    expect(scaled).toEqual({
      tasks: 100_000,
      promptTokens: 3_000_000,
      maxOutputTokens: 102_400_000,
      reservedTokens: 105_400_000,
      expectedOutputTokens: 81_920_000,
      cost: { minUsd: 0.5, expectedUsd: 45, maxUsd: 60 },
      etaMs: 4_500_000,
      etaNoBurstMs: 6_000_000,
      boundBy: 'tokens',
    });
  });
});
