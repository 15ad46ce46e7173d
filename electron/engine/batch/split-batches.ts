import type { BatchLineItem } from './batch-lines.ts';

/**
 * Cuts a run's lines into parts that each fit one batch: at most `maxRequests` lines and
 * `maxBytes` bytes per input file, and at most `maxTokens` enqueued prompt tokens (the provider's
 * per-model queue limit; null while it is not known). Lines keep their order. A line that alone is
 * over a limit can never be sent as a batch: it is returned apart, not silently dropped.
 */
export interface BatchLimits {
  /** @default 50_000 (OpenAI's limit per batch) */
  readonly maxRequests: number;
  /** @default 209_715_200 (200 MB per file) */
  readonly maxBytes: number;
  readonly maxTokens: number | null;
}

export const OPENAI_BATCH_LIMITS: BatchLimits = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024, maxTokens: null };

export interface Split {
  readonly parts: readonly (readonly BatchLineItem[])[];
  readonly oversized: readonly BatchLineItem[];
}

export function splitIntoBatches(items: readonly BatchLineItem[], limits: BatchLimits): Split {
  if (!(Number.isInteger(limits.maxRequests) && limits.maxRequests > 0)) throw new RangeError(`maxRequests must be a positive whole number, got ${limits.maxRequests}`);
  if (!(limits.maxBytes > 0)) throw new RangeError(`maxBytes must be positive, got ${limits.maxBytes}`);
  if (limits.maxTokens !== null && !(limits.maxTokens > 0)) throw new RangeError(`maxTokens must be positive or null, got ${limits.maxTokens}`);
  const parts: BatchLineItem[][] = [];
  const oversized: BatchLineItem[] = [];
  let current: BatchLineItem[] = [];
  let bytes = 0;
  let tokens = 0;
  for (const item of items) {
    if (item.bytes > limits.maxBytes || (limits.maxTokens !== null && item.tokens > limits.maxTokens)) {
      oversized.push(item);
      continue;
    }
    const full =
      current.length >= limits.maxRequests || bytes + item.bytes > limits.maxBytes || (limits.maxTokens !== null && tokens + item.tokens > limits.maxTokens);
    if (full) {
      parts.push(current);
      current = [];
      bytes = 0;
      tokens = 0;
    }
    current.push(item);
    bytes += item.bytes;
    tokens += item.tokens;
  }
  if (current.length > 0) parts.push(current);
  return { parts, oversized };
}

/** The limit a `token_limit_exceeded` failure names ("Limit: 2,000,000 enqueued tokens"), if it names one. */
export function tokenLimitFromMessage(message: string): number | undefined {
  const match = /limit:?\s*([\d,]+)\s*enqueued tokens/i.exec(message);
  if (!match) return undefined;
  const value = Number(match[1]!.replaceAll(',', ''));
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
