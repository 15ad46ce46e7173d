import type { SimulatorSettings } from '../../../shared/domain/simulator-settings.ts';

/**
 * Servers worth trying a run against, one click each. Every preset sets everything the panel
 * shows, so picking one after another never leaves a previous one's fault rate behind.
 */
export interface SimulatorPreset {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly settings: SimulatorSettings;
}

const NO_FAULTS = { serverErrorRate: 0, overloadRate: 0, hangRate: 0, dropRate: 0, noHeadersOn429Rate: 0 };
const OPENAI_LATENCY = { firstTokenMs: 300, jitterMs: 150, tokensPerSecond: 400 };
const MINUTE_BUCKETS = { requests: { kind: 'bucket', burstSeconds: 60 }, tokens: { kind: 'bucket', burstSeconds: 60 } } as const;

export const SIMULATOR_PRESETS: readonly SimulatorPreset[] = [
  {
    id: 'openai',
    name: 'OpenAI-like',
    description: '500 requests and 200,000 tokens a minute, continuous buckets holding a whole minute, no faults.',
    settings: { rpm: 500, tpm: 200_000, shape: MINUTE_BUCKETS, chargeRejected: false, faults: NO_FAULTS, latency: OPENAI_LATENCY },
  },
  {
    id: 'free-tier',
    name: 'Strict free tier',
    description: '3 requests and 40,000 tokens a minute, enforced per second, and refused requests still count against the limit.',
    settings: {
      rpm: 3,
      tpm: 40_000,
      shape: { requests: { kind: 'quantized', periodMs: 1000 }, tokens: { kind: 'quantized', periodMs: 1000 } },
      chargeRejected: true,
      faults: NO_FAULTS,
      latency: OPENAI_LATENCY,
    },
  },
  {
    id: 'flaky',
    name: 'Flaky server',
    description: 'Slow and uneven replies; 8 % server errors, 4 % overloads, 4 % dropped connections, 1 % that never answer, and a quarter of 429s without headers.',
    settings: {
      rpm: 500,
      tpm: 200_000,
      shape: MINUTE_BUCKETS,
      chargeRejected: false,
      faults: { serverErrorRate: 0.08, overloadRate: 0.04, hangRate: 0.01, dropRate: 0.04, noHeadersOn429Rate: 0.25 },
      latency: { firstTokenMs: 400, jitterMs: 1_200, tokensPerSecond: 200 },
    },
  },
  {
    id: 'gateway',
    name: 'Gateway, 10 s windows',
    description: '60 requests and 60,000 tokens a minute counted in fixed 10-second windows, as Azure OpenAI and most gateways do.',
    settings: {
      rpm: 60,
      tpm: 60_000,
      shape: { requests: { kind: 'window', seconds: 10 }, tokens: { kind: 'window', seconds: 10 } },
      chargeRejected: false,
      faults: NO_FAULTS,
      latency: OPENAI_LATENCY,
    },
  },
  {
    id: 'quantized',
    name: 'Quantized per second',
    description: '600 requests and 150,000 tokens a minute, but at most a sixtieth of each in any second, though the headers promise a whole minute.',
    settings: {
      rpm: 600,
      tpm: 150_000,
      shape: { requests: { kind: 'quantized', periodMs: 1000 }, tokens: { kind: 'quantized', periodMs: 1000 } },
      chargeRejected: false,
      faults: NO_FAULTS,
      latency: OPENAI_LATENCY,
    },
  },
];
