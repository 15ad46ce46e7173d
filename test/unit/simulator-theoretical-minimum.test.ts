import { describe, expect, it } from 'vitest';
import { KeyLimits } from '../../electron/providers/simulator/limits.ts';
import { resolveOptions } from '../../electron/providers/simulator/options.ts';
import { chargedTokens, meanLatencyMs, SCENARIOS } from '../../bench/scenarios.ts';
import { theoreticalMinimumMs } from '../../bench/theoretical-minimum.ts';

/**
 * The benchmark's minimum (exact arithmetic, written apart from the simulator) against the
 * simulator's own model driven by the best possible client: every request sent at the very
 * millisecond the previous 429's retry-after says. They must agree, to the millisecond per wait
 * the simulator rounds up, for every scenario and wherever the clock stands at the start.
 */
const PHASES = [0, 1, 499, 2_500, 7_777, 9_999];

function bestClientMs(costs: readonly number[], options: ReturnType<typeof resolveOptions>, startMs: number): number {
  const limits = new KeyLimits(options, startMs);
  let t = startMs;
  for (const cost of costs) {
    for (;;) {
      // A perfect client knows when it would be refused and sends nothing then, so strict
      // charging never costs it anything: ask without being charged.
      const admission = limits.admit(cost, t, false);
      if (admission.ok) break;
      if (admission.kind !== 'rate_limited') throw new Error(`cannot be admitted: ${JSON.stringify(admission)}`);
      t += admission.waitMs;
    }
  }
  return t - startMs;
}

describe('bench: the theoretical minimum of each server shape', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', (_, scenario) => {
    const options = resolveOptions(scenario.simulator);
    const costs = Array.from({ length: scenario.topics }, (__, i) => chargedTokens(scenario, `topic ${i + 1}`));
    for (const phase of PHASES) {
      const startMs = 1_700_000_000_000 + phase;
      const minimum = theoreticalMinimumMs({ costs, rpm: options.rpm, tpm: options.tpm, shape: options.shape, startMs, latencyMs: 0 });
      const best = bestClientMs(costs, options, startMs);
      expect(best, `phase ${phase}`).toBeGreaterThanOrEqual(minimum - 1e-6);
      expect(best - minimum, `phase ${phase}`).toBeLessThanOrEqual(costs.length);
    }
  });

  it('counts the latency of the last reply, and grows with the faults a contender met', () => {
    const [scenario] = SCENARIOS;
    if (!scenario) throw new Error('no scenarios');
    const options = resolveOptions(scenario.simulator);
    const costs = Array.from({ length: scenario.topics }, () => 10);
    const base = { rpm: options.rpm, tpm: options.tpm, shape: options.shape, startMs: 0, latencyMs: meanLatencyMs(scenario) };
    // 150 requests at 120 RPM from a full minute bucket: 30 over the burst, at 2 per second.
    expect(theoreticalMinimumMs({ ...base, costs })).toBeCloseTo(15_000 + meanLatencyMs(scenario), 6);
    expect(theoreticalMinimumMs({ ...base, costs: [...costs, 10, 10] })).toBeCloseTo(16_000 + meanLatencyMs(scenario), 6);
  });
});
