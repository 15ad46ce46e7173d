import type { LimitShape } from '../electron/providers/simulator/limit-shape.ts';
import type { SimulatorOptions } from '../electron/providers/simulator/options.ts';

/**
 * The limited scenarios of the benchmark. Each is sized so its theoretical minimum is ~15–25 s
 * (fixed windows: 10–20 s, as the window's phase at the start moves it by up to one window):
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
  /** JSON-safe: it is handed to a simulator in another process. */
  readonly simulator: SimulatorOptions;
  /** Whether the contenders are told the limits, or must find them. */
  readonly limitsKnown: boolean;
}

const LATENCY = { firstTokenMs: 250, jitterMs: 20, tokensPerSecond: 4_000 };
const FIXED_LENGTH: [number, number] = [1, 1];

/** 150 short prompts at 120 requests/min; the RPM-bound family's shapes resize it below. */
const RPM_BOUND = { topics: 150, promptPadding: 0, maxTokens: 300, simulator: { rpm: 120, tpm: null, latency: LATENCY, completionRatio: FIXED_LENGTH } } as const;
/** 60 long prompts (~1,515 tokens + 500 max output, ~2,015 charged) at 90,000 tokens/min. */
const TPM_BOUND = { topics: 60, promptPadding: 6_000, maxTokens: 500, simulator: { rpm: 10_000, tpm: 90_000, latency: LATENCY, completionRatio: FIXED_LENGTH } } as const;

interface ShapeVariant {
  readonly label: string;
  readonly what: string;
  /** How the server enforces both of its limits. */
  readonly shape: LimitShape;
  readonly rpmTopics: number;
  readonly tpmTopics: number;
  /** Where the TPM family needs another limit for the shape to make sense (see below). */
  readonly tpm?: number;
}

const SHAPES: readonly ShapeVariant[] = [
  { label: 'small burst', what: 'a continuous bucket holding a sixth of the minute (10 s)', shape: { kind: 'bucket', burstSeconds: 10 }, rpmTopics: 60, tpmTopics: 22 },
  { label: '10 s windows', what: 'fixed 10 s windows on the clock, each allowing a sixth of the limit', shape: { kind: 'window', seconds: 10 }, rpmTopics: 60, tpmTopics: 21 },
  // 90,000 TPM per 1 s window is 1,500 tokens, less than one request: a server admitting one
  // request per window would allow more than its TPM. At 180,000 TPM a window holds one request.
  { label: '1 s windows', what: 'fixed 1 s windows on the clock, each allowing a sixtieth of the limit', shape: { kind: 'window', seconds: 1 }, rpmTopics: 40, tpmTopics: 20, tpm: 180_000 },
  { label: 'quantized per second', what: 'headers of a whole-minute bucket, but at most a sixtieth of the limit in any clock second', shape: { kind: 'quantized', periodMs: 1000 }, rpmTopics: 40, tpmTopics: 20 },
];

function shaped(): Scenario[] {
  const out: Scenario[] = [];
  for (const [family, base] of [
    ['RPM-bound', RPM_BOUND],
    ['TPM-bound', TPM_BOUND],
  ] as const) {
    for (const variant of SHAPES) {
      for (const strict of [false, true]) {
        const topics = family === 'RPM-bound' ? variant.rpmTopics : variant.tpmTopics;
        const tpm = family === 'TPM-bound' ? (variant.tpm ?? TPM_BOUND.simulator.tpm) : null;
        const limit = tpm === null ? `${RPM_BOUND.simulator.rpm} requests/min` : `${tpm.toLocaleString('en-US')} tokens/min`;
        out.push({
          name: `${family}, ${variant.label}${strict ? ', strict' : ''}`,
          what: `${topics} ${family === 'RPM-bound' ? 'short' : 'long'} prompts, ${limit}; ${variant.what}${strict ? '; rejected requests also consume quota' : ''}`,
          topics,
          promptPadding: base.promptPadding,
          maxTokens: base.maxTokens,
          simulator: { ...base.simulator, tpm, shape: { requests: variant.shape, tokens: variant.shape }, ...(strict && { chargeRejected: true }) },
          limitsKnown: true,
        });
      }
    }
  }
  return out;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'RPM-bound', what: '150 short prompts, 120 requests/min', ...RPM_BOUND, limitsKnown: true },
  { name: 'TPM-bound', what: '60 long prompts (~1,500 tokens + 500 max output), 90,000 tokens/min', ...TPM_BOUND, limitsKnown: true },
  {
    name: 'Mixed, 5% 5xx',
    what: '150 short prompts, 120 requests/min, 5% of admitted requests answer 500',
    ...RPM_BOUND,
    simulator: { ...RPM_BOUND.simulator, faults: { serverErrorRate: 0.05 } },
    limitsKnown: true,
  },
  {
    name: 'Limits unknown',
    what: 'as RPM-bound, but the limits are not given: learned from x-ratelimit-* headers',
    ...RPM_BOUND,
    simulator: { ...RPM_BOUND.simulator, tpm: 1_000_000 },
    limitsKnown: false,
  },
  { name: 'Strict', what: 'as RPM-bound, but rejected (429) requests also consume quota', ...RPM_BOUND, simulator: { ...RPM_BOUND.simulator, chargeRejected: true }, limitsKnown: true },
  ...shaped(),
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

/** What the simulator charges a request against TPM: OpenAI's chars/4 prompt estimate plus max_tokens. */
export function chargedTokens(scenario: Scenario, topic: string): number {
  return Math.ceil(promptFor(scenario, topic).length / 4) + scenario.maxTokens;
}
