/**
 * How a server enforces one per-minute limit (requests or tokens). The header
 * `x-ratelimit-limit-*: 60` says nothing about how many may arrive at once; real servers differ
 * (provider-behaviour.md, "Server shapes seen in practice"):
 *
 * - `bucket`: a continuous token bucket refilling at limit/60 per second and holding
 *   limit × burstSeconds / 60 (OpenAI's headers suggest a whole minute). Headers: remaining =
 *   floor(level), reset = time until full.
 * - `window`: fixed windows of `seconds` (1 to 60) aligned on the clock (window index =
 *   floor(now / seconds)), each allowing limit × seconds / 60 (Azure OpenAI, most gateways).
 *   Headers: remaining = what is left in this window, reset = time to its end.
 * - `quantized`: a whole-minute bucket whose headers are sent, plus a hidden fixed sub-window of
 *   `periodMs` admitting at most limit × periodMs / 60,000 (OpenAI: "60,000 RPM may be enforced as
 *   1,000 per second").
 *
 * In a window or sub-window an empty one admits any single request, so at least one request goes
 * per window and a request larger than the window's allowance (but within the per-minute limit)
 * can still pass.
 */
export type LimitShape =
  | { readonly kind: 'bucket'; readonly burstSeconds: number }
  | { readonly kind: 'window'; readonly seconds: number }
  | { readonly kind: 'quantized'; readonly periodMs: 1000 | 100 };

export type LimitShapeKind = LimitShape['kind'];

/** The shape of each limited dimension; requests and tokens may differ. */
export interface LimitShapes {
  readonly requests: LimitShape;
  readonly tokens: LimitShape;
}

export const DIMENSIONS = ['requests', 'tokens'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const QUANTIZED_PERIODS_MS = [1000, 100] as const;

export function bucketShape(burstSeconds: number): LimitShape {
  return { kind: 'bucket', burstSeconds };
}

export function sameShape(a: LimitShape, b: LimitShape): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Checks a shape from any source (options, JSON, CLI); `name` is where it came from, for the message. */
export function validateLimitShape(name: string, shape: unknown): LimitShape {
  if (typeof shape !== 'object' || shape === null || Array.isArray(shape)) {
    throw new RangeError(`Simulator option '${name}' must be an object such as {"kind":"bucket","burstSeconds":60}, got ${show(shape)}`);
  }
  const value = shape as Record<string, unknown>;
  switch (value.kind) {
    case 'bucket': {
      const burst = value.burstSeconds;
      if (!(typeof burst === 'number' && Number.isFinite(burst) && burst > 0)) fail(`${name}.burstSeconds`, burst, 'a positive number of seconds');
      return { kind: 'bucket', burstSeconds: burst };
    }
    case 'window': {
      const seconds = value.seconds;
      if (!(typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 1 && seconds <= 60)) fail(`${name}.seconds`, seconds, 'a whole number of seconds from 1 to 60');
      return { kind: 'window', seconds };
    }
    case 'quantized': {
      const period = value.periodMs;
      if (period !== 1000 && period !== 100) fail(`${name}.periodMs`, period, '1000 (per second) or 100 (per 100 ms)');
      return { kind: 'quantized', periodMs: period };
    }
    default:
      return fail(`${name}.kind`, value.kind, "'bucket', 'window' or 'quantized'");
  }
}

function fail(name: string, value: unknown, expected: string): never {
  throw new RangeError(`Simulator option '${name}' must be ${expected}, got ${show(value)}`);
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
