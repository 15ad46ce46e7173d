import type { CostRange, RunEstimate } from '../../../shared/domain/estimate.ts';
import type { TaskInput } from '../../../shared/domain/task.ts';

/**
 * A big list is estimated from an even sample of its topics and scaled up: sending 100,000 topics
 * (50 MB) to main on every edit of the template would freeze the window for seconds, and the
 * figures are per-topic sums anyway. The time scales too: a floor set by the limits grows with the
 * number of requests (a minute's burst aside), so the scaled figure errs long, never short.
 */
export const ESTIMATE_SAMPLE_SIZE = 2_000;

export function estimateSample(inputs: readonly TaskInput[], size = ESTIMATE_SAMPLE_SIZE): TaskInput[] {
  if (inputs.length <= size) return [...inputs];
  const step = inputs.length / size;
  return Array.from({ length: size }, (_, i) => inputs[Math.floor(i * step)]!);
}

/** The sample's estimate for all `total` topics. */
export function scaleEstimate(sample: RunEstimate, total: number): RunEstimate {
  if (sample.tasks === total || sample.tasks === 0) return sample;
  const k = total / sample.tasks;
  const scale = (value: number) => Math.round(value * k);
  return {
    ...sample,
    tasks: total,
    promptTokens: scale(sample.promptTokens),
    maxOutputTokens: scale(sample.maxOutputTokens),
    reservedTokens: scale(sample.reservedTokens),
    expectedOutputTokens: scale(sample.expectedOutputTokens),
    ...(sample.cost && { cost: scaleCost(sample.cost, k) }),
    ...(sample.batchCost && { batchCost: scaleCost(sample.batchCost, k) }),
    ...(sample.etaMs !== undefined && { etaMs: sample.etaMs * k }),
    ...(sample.etaNoBurstMs !== undefined && { etaNoBurstMs: sample.etaNoBurstMs * k }),
  };
}

function scaleCost(cost: CostRange, k: number): CostRange {
  return { minUsd: cost.minUsd * k, expectedUsd: cost.expectedUsd * k, maxUsd: cost.maxUsd * k };
}
