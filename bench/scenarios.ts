import type { SimulatorOptions } from '../electron/providers/simulator/options.ts';

/**
 * The limited scenarios of the benchmark. Each is sized so its theoretical minimum is ~15–25 s:
 * long enough that a 3 % margin means something, short enough to run every contender in minutes.
 * Latency is fixed-ish (small jitter, fixed completion length) so the minimum is well defined.
 */
export interface Scenario {
  readonly name: string;
  readonly what: string;
  readonly topics: number;
  /** Extra prompt text per topic (TPM-bound scenarios use long prompts). */
  readonly promptPadding: number;
  readonly maxTokens: number;
  readonly simulator: SimulatorOptions;
  /** Whether the contenders are told the limits, or must find them. */
  readonly limitsKnown: boolean;
}

const LATENCY = { firstTokenMs: 250, jitterMs: 20, tokensPerSecond: 4_000 };
const FIXED_LENGTH: [number, number] = [1, 1];

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'RPM-bound',
    what: '150 short prompts, 120 requests/min',
    topics: 150,
    promptPadding: 0,
    maxTokens: 300,
    simulator: { rpm: 120, tpm: null, latency: LATENCY, completionRatio: FIXED_LENGTH },
    limitsKnown: true,
  },
  {
    name: 'TPM-bound',
    what: '60 long prompts (~1,500 tokens + 500 max output), 90,000 tokens/min',
    topics: 60,
    promptPadding: 6_000,
    maxTokens: 500,
    simulator: { rpm: 10_000, tpm: 90_000, latency: LATENCY, completionRatio: FIXED_LENGTH },
    limitsKnown: true,
  },
  {
    name: 'Mixed, 5% 5xx',
    what: '150 short prompts, 120 requests/min, 5% of admitted requests answer 500',
    topics: 150,
    promptPadding: 0,
    maxTokens: 300,
    simulator: { rpm: 120, tpm: null, latency: LATENCY, completionRatio: FIXED_LENGTH, faults: { serverErrorRate: 0.05 } },
    limitsKnown: true,
  },
  {
    name: 'Limits unknown',
    what: 'as RPM-bound, but the limits are not given: learned from x-ratelimit-* headers',
    topics: 150,
    promptPadding: 0,
    maxTokens: 300,
    simulator: { rpm: 120, tpm: 1_000_000, latency: LATENCY, completionRatio: FIXED_LENGTH },
    limitsKnown: false,
  },
  {
    name: 'Strict',
    what: 'as RPM-bound, but rejected (429) requests also consume quota',
    topics: 150,
    promptPadding: 0,
    maxTokens: 300,
    simulator: { rpm: 120, tpm: null, latency: LATENCY, completionRatio: FIXED_LENGTH, chargeRejected: true },
    limitsKnown: true,
  },
];

/** The simulator's mean reply time for a scenario: first token plus streaming the completion. */
export function meanLatencyMs(scenario: Scenario): number {
  const latency = scenario.simulator.latency ?? LATENCY;
  const ratio = scenario.simulator.completionRatio ?? FIXED_LENGTH;
  const tokens = scenario.maxTokens * ((ratio[0] + ratio[1]) / 2);
  return latency.firstTokenMs + (tokens / latency.tokensPerSecond) * 1000;
}

export function promptFor(scenario: Scenario, topic: string): string {
  const padding = scenario.promptPadding > 0 ? `\n\nBackground notes:\n${'lorem ipsum dolor sit amet '.repeat(Math.ceil(scenario.promptPadding / 27)).slice(0, scenario.promptPadding)}` : '';
  return `Write a short article about ${topic}.${padding}`;
}
