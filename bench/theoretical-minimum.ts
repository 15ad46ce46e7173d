import { assertNever } from '../shared/assert-never.ts';
import type { LimitShape, LimitShapes } from '../electron/providers/simulator/limit-shape.ts';

/**
 * The fastest any client could finish against a fresh server of a given shape: each request is
 * admitted at the earliest moment every limited dimension allows it, and the last one then takes
 * one reply's latency. Earliest-possible admission in order is optimal here: the requests cost
 * (nearly) the same, and under every shape a request that fits at some time keeps fitting later
 * while nothing else is charged, so no schedule can admit its k-th request before this one does.
 *
 *   bucket     capacity C = L × burst / 60, refilled at L per minute; starts full.
 *   window     allowance L × S / 60 per window of S seconds aligned on the clock (floor(now / S)),
 *              so the window's phase when the run starts matters; an empty window admits any one request.
 *   quantized  a whole-minute bucket AND a hidden sub-window of q ms allowing L × q / 60,000.
 *
 * The arithmetic is exact (no rounding to milliseconds), written apart from the simulator's own
 * model; test/unit/simulator-theoretical-minimum.test.ts checks the two agree.
 */
export interface MinimumInput {
  /** Tokens charged per request (prompt estimate + max_tokens), in send order; every request also counts 1 against RPM. */
  readonly costs: readonly number[];
  readonly rpm: number | null;
  readonly tpm: number | null;
  readonly shape: LimitShapes;
  /** The wall clock (ms) when the run starts: where fixed windows stand then. */
  readonly startMs: number;
  readonly latencyMs: number;
}

export function theoreticalMinimumMs(input: MinimumInput): number {
  const limits: [Limit, (cost: number) => number][] = [];
  if (input.rpm !== null) limits.push([limitFor(input.rpm, input.shape.requests, input.startMs), () => 1]);
  if (input.tpm !== null) limits.push([limitFor(input.tpm, input.shape.tokens, input.startMs), (cost) => cost]);
  let t = input.startMs;
  for (const cost of input.costs) {
    for (const [limit, charged] of limits) t = Math.max(t, limit.earliest(charged(cost), t));
    for (const [limit, charged] of limits) limit.charge(charged(cost), t);
  }
  return t - input.startMs + input.latencyMs;
}

/** One dimension under one rule. `earliest` never goes back in time and never looks at other dimensions. */
interface Limit {
  earliest(cost: number, t: number): number;
  charge(cost: number, t: number): void;
}

function limitFor(perMinute: number, shape: LimitShape, startMs: number): Limit {
  switch (shape.kind) {
    case 'bucket':
      return bucket(perMinute, (perMinute * shape.burstSeconds) / 60, startMs);
    case 'window':
      return fixedWindows(shape.seconds * 1_000, (perMinute * shape.seconds) / 60);
    case 'quantized': {
      const minute = bucket(perMinute, perMinute, startMs);
      const sub = fixedWindows(shape.periodMs, (perMinute * shape.periodMs) / 60_000);
      return {
        // Both rules are monotone in time, so the first moment both allow is the later of the two.
        earliest: (cost, t) => Math.max(minute.earliest(cost, t), sub.earliest(cost, t)),
        charge: (cost, t) => {
          minute.charge(cost, t);
          sub.charge(cost, t);
        },
      };
    }
    default:
      return assertNever(shape, 'limit shape');
  }
}

function bucket(perMinute: number, capacity: number, startMs: number): Limit {
  const perMs = perMinute / 60_000;
  let level = capacity;
  let at = startMs;
  const levelAt = (t: number) => Math.min(capacity, level + (t - at) * perMs);
  return {
    earliest: (cost, t) => t + Math.max(0, (Math.min(cost, capacity) - levelAt(t)) / perMs),
    charge: (cost, t) => {
      level = levelAt(t) - cost;
      at = t;
    },
  };
}

function fixedWindows(periodMs: number, allowance: number): Limit {
  let index = Number.NEGATIVE_INFINITY;
  let used = 0;
  const usedIn = (i: number) => (i === index ? used : 0);
  return {
    earliest: (cost, t) => {
      const i = Math.floor(t / periodMs);
      const inWindow = usedIn(i);
      return inWindow === 0 || inWindow + cost <= allowance + 1e-9 ? t : (i + 1) * periodMs;
    },
    charge: (cost, t) => {
      const i = Math.floor(t / periodMs);
      used = usedIn(i) + cost;
      index = i;
    },
  };
}
