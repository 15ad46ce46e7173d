import type { Clock } from '../../engine/clock.ts';
import { systemClock } from '../../engine/clock.ts';

/**
 * Everything the simulator can be told. Defaults mimic a mid-tier OpenAI account; tests shrink the
 * limits and latencies so real HTTP runs finish in milliseconds.
 */
export interface SimulatorOptions {
  /** Seeds every random draw (latency jitter, faults, completion text). @default 1 */
  seed?: number;
  /** Requests per minute, per API key; null = unlimited. @default 500 */
  rpm?: number | null;
  /** Tokens per minute, per API key; null = unlimited. @default 200_000 */
  tpm?: number | null;
  /**
   * Bucket capacity = limit × burstSeconds / 60. 60 lets a whole minute's budget go in one burst, as
   * OpenAI does; smaller values model limits "enforced over shorter periods". @default 60
   */
  burstSeconds?: number;
  /** Strict mode: a 429'd request still consumes its request and token budget. @default false */
  chargeRejected?: boolean;
  /**
   * Time to first token = firstTokenMs + U(0, jitterMs); then tokens flow at tokensPerSecond
   * (Infinity: all at once). Streams emit as they go; JSON replies wait the full time.
   * @default { firstTokenMs: 300, jitterMs: 150, tokensPerSecond: 400 }
   */
  latency?: { firstTokenMs: number; jitterMs: number; tokensPerSecond: number };
  /** Completion tokens = round(max_tokens × U(a, b)), at least 1. @default [0.6, 1.0] */
  completionRatio?: [number, number];
  /** Per-request probabilities, drawn after admission (a faulted request has used its budget). */
  faults?: {
    serverErrorRate?: number;
    /** 503 "The engine is currently overloaded". */
    overloadRate?: number;
    /** Accept and never answer: only the client's timeout ends it. */
    hangRate?: number;
    /** Cut the connection mid-reply (after some chunks for streams). */
    dropRate?: number;
    /** A rate-limit 429 carries no x-ratelimit-* and no retry-after headers. */
    noHeadersOn429Rate?: number;
  };
  /** After this many admitted requests per key, every request gets 429 insufficient_quota. @default null */
  quotaRequests?: number | null;
  /** null: any non-empty bearer key is accepted; otherwise other keys get 401. @default null */
  apiKeys?: string[] | null;
  /** Known models; others get 404 model_not_found. */
  models?: string[];
  /** 'azure-missing' sends -1 for limit and remaining and omits the reset headers. @default 'openai' */
  headerStyle?: 'openai' | 'azure-missing';
  /** Only loopback is allowed. @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Drives the rate-limit buckets only; latency uses real timers. @default systemClock */
  clock?: Clock;
}

export type FaultRates = Required<NonNullable<SimulatorOptions['faults']>>;

export interface ResolvedOptions {
  readonly seed: number;
  readonly rpm: number | null;
  readonly tpm: number | null;
  readonly burstSeconds: number;
  readonly chargeRejected: boolean;
  readonly latency: { readonly firstTokenMs: number; readonly jitterMs: number; readonly tokensPerSecond: number };
  readonly completionRatio: readonly [number, number];
  readonly faults: Readonly<FaultRates>;
  readonly quotaRequests: number | null;
  readonly apiKeys: ReadonlySet<string> | null;
  readonly models: ReadonlySet<string>;
  readonly headerStyle: 'openai' | 'azure-missing';
  readonly host: string;
  readonly port: number;
  readonly clock: Clock;
}

export const DEFAULT_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-5-mini', 'sim-fast'];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** Options that shape the server itself and cannot change while it runs. */
const FIXED_AT_START = ['seed', 'host', 'port', 'clock'] as const;

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  return validate({
    seed: options.seed ?? 1,
    rpm: options.rpm === undefined ? 500 : options.rpm,
    tpm: options.tpm === undefined ? 200_000 : options.tpm,
    burstSeconds: options.burstSeconds ?? 60,
    chargeRejected: options.chargeRejected ?? false,
    latency: { firstTokenMs: 300, jitterMs: 150, tokensPerSecond: 400, ...options.latency },
    completionRatio: options.completionRatio ?? [0.6, 1.0],
    faults: { serverErrorRate: 0, overloadRate: 0, hangRate: 0, dropRate: 0, noHeadersOn429Rate: 0, ...options.faults },
    quotaRequests: options.quotaRequests ?? null,
    apiKeys: options.apiKeys ? new Set(options.apiKeys) : null,
    models: new Set(options.models ?? DEFAULT_MODELS),
    headerStyle: options.headerStyle ?? 'openai',
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    clock: options.clock ?? systemClock,
  });
}

/** Applies a live change on top of the options in force; start-only options are refused. */
export function mergeOptions(current: ResolvedOptions, change: Partial<SimulatorOptions>): ResolvedOptions {
  for (const key of FIXED_AT_START) {
    if (change[key] !== undefined) throw new RangeError(`Simulator option '${key}' is fixed at start; restart the simulator to change it`);
  }
  return validate({
    ...current,
    ...(change.rpm !== undefined && { rpm: change.rpm }),
    ...(change.tpm !== undefined && { tpm: change.tpm }),
    ...(change.burstSeconds !== undefined && { burstSeconds: change.burstSeconds }),
    ...(change.chargeRejected !== undefined && { chargeRejected: change.chargeRejected }),
    ...(change.latency && { latency: { ...current.latency, ...change.latency } }),
    ...(change.completionRatio && { completionRatio: change.completionRatio }),
    ...(change.faults && { faults: { ...current.faults, ...change.faults } }),
    ...(change.quotaRequests !== undefined && { quotaRequests: change.quotaRequests }),
    ...(change.apiKeys !== undefined && { apiKeys: change.apiKeys ? new Set(change.apiKeys) : null }),
    ...(change.models && { models: new Set(change.models) }),
    ...(change.headerStyle && { headerStyle: change.headerStyle }),
  });
}

function validate(o: ResolvedOptions): ResolvedOptions {
  if (!Number.isInteger(o.seed)) fail('seed', o.seed, 'an integer');
  for (const [name, value] of [['rpm', o.rpm], ['tpm', o.tpm]] as const) {
    if (value !== null && !(Number.isFinite(value) && value > 0)) fail(name, value, 'a positive number or null');
  }
  // 0 is meaningful: an account with no quota left at all.
  if (o.quotaRequests !== null && !(Number.isInteger(o.quotaRequests) && o.quotaRequests >= 0)) fail('quotaRequests', o.quotaRequests, 'a whole number >= 0 or null');
  if (!(Number.isFinite(o.burstSeconds) && o.burstSeconds > 0)) fail('burstSeconds', o.burstSeconds, 'a positive number of seconds');
  const { firstTokenMs, jitterMs, tokensPerSecond } = o.latency;
  if (!(firstTokenMs >= 0 && Number.isFinite(firstTokenMs))) fail('latency.firstTokenMs', firstTokenMs, 'a finite number >= 0');
  if (!(jitterMs >= 0 && Number.isFinite(jitterMs))) fail('latency.jitterMs', jitterMs, 'a finite number >= 0');
  if (!(tokensPerSecond > 0)) fail('latency.tokensPerSecond', tokensPerSecond, 'a positive number (Infinity allowed)');
  const [low, high] = o.completionRatio;
  if (!(low > 0 && low <= high && high <= 1)) fail('completionRatio', `[${low}, ${high}]`, 'a pair 0 < a <= b <= 1');
  let replyFaults = 0;
  for (const [name, rate] of Object.entries(o.faults)) {
    if (!(rate >= 0 && rate <= 1)) fail(`faults.${name}`, rate, 'a probability between 0 and 1');
    if (name !== 'noHeadersOn429Rate') replyFaults += rate;
  }
  if (replyFaults > 1) fail('faults', replyFaults, 'rates (server error + overload + hang + drop) summing to at most 1');
  if (o.models.size === 0) fail('models', '[]', 'at least one model name');
  if (!LOOPBACK_HOSTS.has(o.host)) fail('host', o.host, 'a loopback address (127.0.0.1, ::1 or localhost): the simulator must not be reachable from the network');
  if (!(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65_535)) fail('port', o.port, 'an integer port between 0 and 65535');
  return o;
}

function fail(name: string, value: unknown, expected: string): never {
  throw new RangeError(`Simulator option '${name}' must be ${expected}, got ${String(value)}`);
}
