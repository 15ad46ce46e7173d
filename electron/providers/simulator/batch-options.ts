/**
 * How the simulator's Batch API behaves: how long a batch takes, when it expires, and the limits
 * OpenAI enforces on it. Timing is read on the simulator's clock, so a test on a fake clock moves
 * a batch through its states exactly, and the app's demo sees every state in seconds.
 */
export interface BatchOptions {
  /**
   * From creation to `completed` when nothing expires: the first 10 % validating, the next 80 %
   * in progress (lines finish one by one, evenly, in a seeded order), the last 10 % finalizing.
   * A cancel takes 10 % of it to go from `cancelling` to `cancelled`. Fixed per batch at creation.
   * @default 20_000
   */
  completionMs?: number;
  /**
   * From creation to expiry, OpenAI's 24 h completion window. A batch not completed by then ends
   * `expired`, keeping the lines it finished. Fixed per batch at creation.
   * @default 86_400_000
   */
  expiryMs?: number;
  /**
   * Prompt tokens (chars/4, as admission estimates them) one API key may have enqueued per model
   * across its unfinished batches; a batch that would go over fails validation with
   * `token_limit_exceeded`. null: no limit. @default 2_000_000 (gpt-4o-mini at tier 1)
   */
  enqueuedTokenLimit?: number | null;
  /** Per-model overrides of enqueuedTokenLimit. @default {} */
  enqueuedTokenLimits?: Record<string, number | null>;
  /** An upload larger than this is refused. @default 209_715_200 (200 MB) */
  maxFileBytes?: number;
  /** A batch of more requests fails validation with `too_many_tasks`. @default 50_000 */
  maxFileRequests?: number;
}

export interface ResolvedBatchOptions {
  readonly completionMs: number;
  readonly expiryMs: number;
  readonly enqueuedTokenLimit: number | null;
  readonly enqueuedTokenLimits: Readonly<Record<string, number | null>>;
  readonly maxFileBytes: number;
  readonly maxFileRequests: number;
}

export const DEFAULT_BATCH_OPTIONS: ResolvedBatchOptions = {
  completionMs: 20_000,
  expiryMs: 24 * 60 * 60 * 1_000,
  enqueuedTokenLimit: 2_000_000,
  enqueuedTokenLimits: {},
  maxFileBytes: 200 * 1024 * 1024,
  maxFileRequests: 50_000,
};

/** `change` on top of `base`, validated; a bad value throws a RangeError that quotes it. */
export function resolveBatchOptions(base: ResolvedBatchOptions, change: BatchOptions | undefined): ResolvedBatchOptions {
  if (change === undefined) return base;
  if (typeof change !== 'object' || change === null || Array.isArray(change)) fail('batch', JSON.stringify(change), 'an object of Batch API options');
  const o: ResolvedBatchOptions = {
    ...base,
    ...definedOnly(change),
    enqueuedTokenLimits: { ...base.enqueuedTokenLimits, ...change.enqueuedTokenLimits },
  };
  if (!(Number.isFinite(o.completionMs) && o.completionMs >= 0)) fail('batch.completionMs', o.completionMs, 'a finite number of milliseconds >= 0');
  if (!(Number.isFinite(o.expiryMs) && o.expiryMs > 0)) fail('batch.expiryMs', o.expiryMs, 'a positive number of milliseconds');
  checkTokenLimit('batch.enqueuedTokenLimit', o.enqueuedTokenLimit);
  for (const [model, limit] of Object.entries(o.enqueuedTokenLimits)) checkTokenLimit(`batch.enqueuedTokenLimits.${model}`, limit);
  if (!(Number.isInteger(o.maxFileBytes) && o.maxFileBytes > 0)) fail('batch.maxFileBytes', o.maxFileBytes, 'a positive whole number of bytes');
  if (!(Number.isInteger(o.maxFileRequests) && o.maxFileRequests > 0)) fail('batch.maxFileRequests', o.maxFileRequests, 'a positive whole number');
  return o;
}

/** The enqueued-token limit for `model`: its own override, else the general one. */
export function enqueuedTokenLimitFor(options: ResolvedBatchOptions, model: string): number | null {
  return Object.hasOwn(options.enqueuedTokenLimits, model) ? (options.enqueuedTokenLimits[model] ?? null) : options.enqueuedTokenLimit;
}

/** A plain copy for a worker thread or a live update. */
export function plainBatchOptions(o: ResolvedBatchOptions): BatchOptions {
  return { ...o, enqueuedTokenLimits: { ...o.enqueuedTokenLimits } };
}

function checkTokenLimit(name: string, limit: unknown): void {
  if (limit !== null && !(Number.isInteger(limit) && (limit as number) > 0)) fail(name, limit, 'a positive whole number of tokens, or null for no limit');
}

/** The scalar options `change` sets; unknown keys are ignored, as elsewhere in the options. */
function definedOnly(change: BatchOptions): Partial<ResolvedBatchOptions> {
  return Object.fromEntries(Object.entries(change).filter(([key, value]) => value !== undefined && key !== 'enqueuedTokenLimits' && Object.hasOwn(DEFAULT_BATCH_OPTIONS, key)));
}

function fail(name: string, value: unknown, expected: string): never {
  throw new RangeError(`Simulator option '${name}' must be ${expected}, got ${String(value)}`);
}
