import type { SimulatorClock } from './clock.ts';
import { wallClock } from './clock.ts';
import type { BatchOptions, ResolvedBatchOptions } from './batch-options.ts';
import { DEFAULT_BATCH_OPTIONS, plainBatchOptions, resolveBatchOptions } from './batch-options.ts';
import type { LimitShape, LimitShapes } from './limit-shape.ts';
import { bucketShape, DIMENSIONS, validateLimitShape } from './limit-shape.ts';

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
   * How each dimension is enforced (limit-shape.ts): a continuous bucket with any burst, fixed
   * windows, or quantized enforcement. A dimension not named here is a bucket of `burstSeconds`.
   * Live updates name only the dimensions they change.
   */
  shape?: { requests?: LimitShape; tokens?: LimitShape };
  /**
   * Shorthand for `{ kind: 'bucket', burstSeconds }` in every dimension `shape` does not name:
   * capacity = limit × burstSeconds / 60. 60 lets a whole minute's budget go in one burst, as
   * OpenAI's headers suggest. @default 60
   */
  burstSeconds?: number;
  /**
   * Strict mode: a 429'd request still consumes its request and token budget (its bucket level,
   * its window's count), whatever the shape. @default false
   */
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
    /**
     * End the reply cleanly but short: a stream stops after a whole frame, with no finish frame and
     * no [DONE]; a JSON body stops part way and the connection closes.
     */
    truncateRate?: number;
    /** Reset the connection (TCP RST) mid-reply, inside an SSE frame for streams. */
    resetRate?: number;
    /** Stop sending mid-reply and keep the connection open: only the client's timeout ends it. */
    stallRate?: number;
    /** A rate-limit 429 carries no x-ratelimit-* and no retry-after headers. */
    noHeadersOn429Rate?: number;
  };
  /**
   * Per successful reply: the probability that it is a short refusal ("I'm sorry, but I can't help
   * with that.") instead of the article, as a model sometimes answers; drawn from a stream of its
   * own, so the fault sequence stays as it was. For exercising quality gates. @default 0
   */
  refusalRate?: number;
  /** After this many admitted requests per key, every request gets 429 insufficient_quota. @default null */
  quotaRequests?: number | null;
  /**
   * The same cut-off for one key only, by its full bearer value (a pool where one key's billing
   * runs dry mid-run while the others go on); it takes precedence over quotaRequests for that key.
   * @default {}
   */
  keyQuotaRequests?: Record<string, number>;
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
  /**
   * The Batch API's timing and limits (batch-options.ts). Batches never touch the online RPM/TPM.
   * Live updates apply to batches created after them.
   */
  batch?: BatchOptions;
  /**
   * Drives the rate limits (buckets, windows) and the Batch API's timing; latency uses real
   * timers. @default wallClock
   */
  clock?: SimulatorClock;
  /**
   * Count full successes per prompt (stats().successesByPrompt), for tests and the benchmark to
   * spot duplicates and losses. Off by default: the map grows with every distinct prompt.
   * @default false
   */
  trackPrompts?: boolean;
  /**
   * Log every chat request that reached the rate limits (stats().arrivals): when, on which key
   * (its last four characters) and whether it was admitted, so the benchmark can count what the
   * server's own windows saw. Off by default: the log grows with every request. @default false
   */
  trackArrivals?: boolean;
}

export type FaultRates = Required<NonNullable<SimulatorOptions['faults']>>;

export interface ResolvedOptions {
  readonly seed: number;
  readonly rpm: number | null;
  readonly tpm: number | null;
  readonly shape: LimitShapes;
  readonly chargeRejected: boolean;
  readonly latency: { readonly firstTokenMs: number; readonly jitterMs: number; readonly tokensPerSecond: number };
  readonly completionRatio: readonly [number, number];
  readonly faults: Readonly<FaultRates>;
  readonly refusalRate: number;
  readonly quotaRequests: number | null;
  readonly keyQuotaRequests: Readonly<Record<string, number>>;
  readonly apiKeys: ReadonlySet<string> | null;
  readonly models: ReadonlySet<string>;
  readonly headerStyle: 'openai' | 'azure-missing';
  readonly batch: ResolvedBatchOptions;
  readonly host: string;
  readonly port: number;
  readonly clock: SimulatorClock;
  readonly trackPrompts: boolean;
  readonly trackArrivals: boolean;
}

export const DEFAULT_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-5-mini', 'sim-fast'];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** Options that shape the server itself and cannot change while it runs. */
const FIXED_AT_START = ['seed', 'host', 'port', 'clock', 'trackPrompts', 'trackArrivals'] as const;

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  return validate({
    seed: options.seed ?? 1,
    rpm: options.rpm === undefined ? 500 : options.rpm,
    tpm: options.tpm === undefined ? 200_000 : options.tpm,
    shape: resolveShapes(DEFAULT_SHAPES, options),
    chargeRejected: options.chargeRejected ?? false,
    latency: { firstTokenMs: 300, jitterMs: 150, tokensPerSecond: 400, ...options.latency },
    completionRatio: options.completionRatio ?? [0.6, 1.0],
    faults: { serverErrorRate: 0, overloadRate: 0, hangRate: 0, dropRate: 0, truncateRate: 0, resetRate: 0, stallRate: 0, noHeadersOn429Rate: 0, ...options.faults },
    refusalRate: options.refusalRate ?? 0,
    quotaRequests: options.quotaRequests ?? null,
    keyQuotaRequests: { ...options.keyQuotaRequests },
    apiKeys: options.apiKeys ? new Set(options.apiKeys) : null,
    models: new Set(options.models ?? DEFAULT_MODELS),
    headerStyle: options.headerStyle ?? 'openai',
    batch: resolveBatchOptions(DEFAULT_BATCH_OPTIONS, options.batch),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    clock: options.clock ?? wallClock,
    trackPrompts: options.trackPrompts ?? false,
    trackArrivals: options.trackArrivals ?? false,
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
    shape: resolveShapes(current.shape, change),
    ...(change.chargeRejected !== undefined && { chargeRejected: change.chargeRejected }),
    ...(change.latency && { latency: { ...current.latency, ...change.latency } }),
    ...(change.completionRatio && { completionRatio: change.completionRatio }),
    ...(change.faults && { faults: { ...current.faults, ...change.faults } }),
    ...(change.refusalRate !== undefined && { refusalRate: change.refusalRate }),
    ...(change.quotaRequests !== undefined && { quotaRequests: change.quotaRequests }),
    ...(change.keyQuotaRequests !== undefined && { keyQuotaRequests: { ...change.keyQuotaRequests } }),
    ...(change.apiKeys !== undefined && { apiKeys: change.apiKeys ? new Set(change.apiKeys) : null }),
    ...(change.models && { models: new Set(change.models) }),
    ...(change.headerStyle && { headerStyle: change.headerStyle }),
    batch: resolveBatchOptions(current.batch, change.batch),
  });
}

/** Options that resolve to `o` again, minus the clock (a function): how they cross to a worker thread. */
export function plainOptions(o: ResolvedOptions): Omit<SimulatorOptions, 'clock'> {
  return {
    seed: o.seed,
    rpm: o.rpm,
    tpm: o.tpm,
    shape: { requests: o.shape.requests, tokens: o.shape.tokens },
    chargeRejected: o.chargeRejected,
    latency: { ...o.latency },
    completionRatio: [o.completionRatio[0], o.completionRatio[1]],
    faults: { ...o.faults },
    refusalRate: o.refusalRate,
    quotaRequests: o.quotaRequests,
    keyQuotaRequests: { ...o.keyQuotaRequests },
    apiKeys: o.apiKeys && [...o.apiKeys],
    models: [...o.models],
    headerStyle: o.headerStyle,
    batch: plainBatchOptions(o.batch),
    host: o.host,
    port: o.port,
    trackPrompts: o.trackPrompts,
    trackArrivals: o.trackArrivals,
  };
}

function validate(o: ResolvedOptions): ResolvedOptions {
  if (!Number.isInteger(o.seed)) fail('seed', o.seed, 'an integer');
  for (const [name, value] of [['rpm', o.rpm], ['tpm', o.tpm]] as const) {
    if (value !== null && !(Number.isFinite(value) && value > 0)) fail(name, value, 'a positive number or null');
  }
  // 0 is meaningful: an account with no quota left at all.
  if (o.quotaRequests !== null && !(Number.isInteger(o.quotaRequests) && o.quotaRequests >= 0)) fail('quotaRequests', o.quotaRequests, 'a whole number >= 0 or null');
  for (const [key, cutOff] of Object.entries(o.keyQuotaRequests)) {
    if (!(Number.isInteger(cutOff) && cutOff >= 0)) fail(`keyQuotaRequests[…${key.slice(-4)}]`, cutOff, 'a whole number >= 0');
  }
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
  if (replyFaults > 1) fail('faults', replyFaults, 'rates (server error + overload + hang + drop + truncate + reset + stall) summing to at most 1');
  if (!(o.refusalRate >= 0 && o.refusalRate <= 1)) fail('refusalRate', o.refusalRate, 'a probability between 0 and 1');
  if (o.models.size === 0) fail('models', '[]', 'at least one model name');
  if (!LOOPBACK_HOSTS.has(o.host)) fail('host', o.host, 'a loopback address (127.0.0.1, ::1 or localhost): the simulator must not be reachable from the network');
  if (!(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65_535)) fail('port', o.port, 'an integer port between 0 and 65535');
  return o;
}

const DEFAULT_SHAPES: LimitShapes = { requests: bucketShape(60), tokens: bucketShape(60) };

/**
 * The shapes after `change`: a dimension named in change.shape takes that shape; otherwise
 * change.burstSeconds, when given, makes it a bucket of that burst; otherwise it keeps `base`.
 */
function resolveShapes(base: LimitShapes, change: Pick<SimulatorOptions, 'shape' | 'burstSeconds'>): LimitShapes {
  const { shape, burstSeconds } = change;
  if (burstSeconds !== undefined && !(typeof burstSeconds === 'number' && Number.isFinite(burstSeconds) && burstSeconds > 0)) {
    fail('burstSeconds', burstSeconds, 'a positive number of seconds');
  }
  if (shape !== undefined && (typeof shape !== 'object' || shape === null || Array.isArray(shape))) {
    fail('shape', JSON.stringify(shape), 'an object such as {"requests":{"kind":"window","seconds":10}}');
  }
  for (const key of Object.keys(shape ?? {})) {
    if (!(DIMENSIONS as readonly string[]).includes(key)) fail('shape', `'${key}'`, "keyed by 'requests' and/or 'tokens'");
  }
  const pick = (dimension: 'requests' | 'tokens'): LimitShape => {
    const named = shape?.[dimension];
    if (named !== undefined) return validateLimitShape(`shape.${dimension}`, named);
    return burstSeconds === undefined ? base[dimension] : bucketShape(burstSeconds);
  };
  return { requests: pick('requests'), tokens: pick('tokens') };
}

function fail(name: string, value: unknown, expected: string): never {
  throw new RangeError(`Simulator option '${name}' must be ${expected}, got ${String(value)}`);
}
