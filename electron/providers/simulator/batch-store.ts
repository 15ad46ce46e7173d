import { randomUUID } from 'node:crypto';
import { enqueuedTokenLimitFor } from './batch-options.ts';
import type { BatchLineError } from './batch-input.ts';
import { parseBatchInput } from './batch-input.ts';
import { tokenLimitExceeded } from './batch-errors.ts';
import type { BatchResults, BatchWork } from './batch-results.ts';
import { batchResults, lineFault, requestCounts } from './batch-results.ts';
import type { BatchPhase } from './batch-timeline.ts';
import { batchPhase, canCancel, hasEnded, scheduleBatch } from './batch-timeline.ts';
import { drawRequest } from './faults.ts';
import type { ResolvedOptions } from './options.ts';
import type { RandomSource } from './seeded-random.ts';
import { seededRandom } from './seeded-random.ts';
import type { StatsRecorder } from './stats.ts';

/**
 * The files and batches of every API key, kept in memory. Each key has its own, as each has its
 * own rate limits here (OpenAI scopes them to the organisation, whose keys share them).
 */
export interface StoredFile {
  readonly id: string;
  readonly filename: string;
  readonly purpose: 'batch' | 'batch_output';
  readonly bytes: number;
  readonly createdAt: number;
  readonly content: string;
}

export interface StoredBatch extends BatchWork {
  readonly id: string;
  readonly inputFileId: string;
  readonly endpoint: string;
  readonly metadata: Record<string, string> | null;
  readonly model: string | null;
  readonly errors: readonly BatchLineError[] | null;
  /** Prompt tokens this batch holds in its model's queue while it is unfinished. */
  readonly enqueuedTokens: number;
  cancelRequestedAt: number | null;
  /** Written the first time the batch is seen ended. */
  ended: { readonly results: BatchResults; readonly outputFileId: string | null; readonly errorFileId: string | null } | null;
}

export interface CreateBatchRequest {
  readonly inputFile: StoredFile;
  readonly endpoint: string;
  readonly metadata: Record<string, string> | null;
}

export class BatchAccount {
  private readonly files = new Map<string, StoredFile>();
  /** In creation order; lists show them newest first. */
  private readonly batches = new Map<string, StoredBatch>();

  addFile(filename: string, purpose: StoredFile['purpose'], content: string, now: number): StoredFile {
    const file = { id: `file-${randomUUID().replaceAll('-', '').slice(0, 24)}`, filename, purpose, bytes: Buffer.byteLength(content), createdAt: now, content };
    this.files.set(file.id, file);
    return file;
  }

  file(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  batch(id: string): StoredBatch | undefined {
    return this.batches.get(id);
  }

  /** Newest first. */
  allBatches(): StoredBatch[] {
    return [...this.batches.values()].reverse();
  }

  /**
   * A new batch, validated now: its fate (failure, each line's fault, the order lines finish in)
   * is drawn at creation from `random`, and it only shows as time passes.
   */
  createBatch(request: CreateBatchRequest, options: ResolvedOptions, random: RandomSource, now: number): StoredBatch {
    const { batch: timing } = options;
    const input = parseBatchInput(request.inputFile.content, request.endpoint, options.models, timing.maxFileRequests);
    const id = `batch_${randomUUID().replaceAll('-', '')}`;
    const base = { id, inputFileId: request.inputFile.id, endpoint: request.endpoint, metadata: request.metadata, cancelRequestedAt: null, ended: null };
    const failed = (errors: readonly BatchLineError[], model: string | null): StoredBatch => ({
      ...base,
      model,
      errors,
      lines: [],
      finishOrder: [],
      faults: [],
      enqueuedTokens: 0,
      schedule: scheduleBatch(now, timing.completionMs, timing.expiryMs, null),
    });
    if (!input.ok) return this.keep(failed(input.errors, null));

    const tokens = input.lines.reduce((sum, line) => sum + line.request.promptTokens, 0);
    const limit = enqueuedTokenLimitFor(timing, input.model);
    if (limit !== null && this.enqueuedTokens(input.model, now) + tokens > limit) return this.keep(failed([tokenLimitExceeded(input.model, limit)], input.model));

    const finishOrder = shuffledPositions(input.lines.length, random);
    const faults = input.lines.map(() => lineFault(drawRequest(random, options.faults)));
    return this.keep({
      ...base,
      model: input.model,
      errors: null,
      lines: input.lines,
      finishOrder,
      faults,
      enqueuedTokens: tokens,
      schedule: scheduleBatch(now, timing.completionMs, timing.expiryMs, finishOrder),
    });
  }

  /** Asks a batch to cancel; false when it is past the point where it can be. */
  cancel(batch: StoredBatch, now: number): boolean {
    if (batch.cancelRequestedAt !== null) return true;
    if (!canCancel(batch.schedule, null, now)) return false;
    batch.cancelRequestedAt = now;
    return true;
  }

  /**
   * The batch's phase now; the first time it is seen ended, its output and error files are
   * written and its delivered lines counted.
   */
  settle(batch: StoredBatch, now: number, options: ResolvedOptions, stats: StatsRecorder): BatchPhase {
    const phase = batchPhase(batch.schedule, batch.cancelRequestedAt, now);
    if (batch.ended || !hasEnded(phase.status)) return phase;
    const results = batchResults(batch, phase, options.seed, options.completionRatio);
    const at = phase.moments.completed_at ?? phase.moments.expired_at ?? phase.moments.cancelled_at ?? phase.moments.failed_at ?? now;
    const write = (kind: string, content: string) => (content === '' ? null : this.addFile(`${batch.id}_${kind}.jsonl`, 'batch_output', content, at).id);
    batch.ended = { results, outputFileId: write('output', results.output), errorFileId: write('error', results.errors) };
    for (const line of results.delivered) stats.batchLineSucceeded(line.request.lastUserMessage);
    return phase;
  }

  counts(batch: StoredBatch, phase: BatchPhase): BatchResults['counts'] {
    return batch.ended?.results.counts ?? requestCounts(batch, phase);
  }

  /** Prompt tokens of `model` in batches not yet ended (cancelling ones included). */
  private enqueuedTokens(model: string, now: number): number {
    let total = 0;
    for (const batch of this.batches.values()) {
      if (batch.model !== model || batch.enqueuedTokens === 0) continue;
      if (!hasEnded(batchPhase(batch.schedule, batch.cancelRequestedAt, now).status)) total += batch.enqueuedTokens;
    }
    return total;
  }

  private keep(batch: StoredBatch): StoredBatch {
    this.batches.set(batch.id, batch);
    return batch;
  }
}

/** Every key's files and batches, and the sequence that seeds each new batch's draws. */
export class BatchAccounts {
  private readonly byKey = new Map<string, BatchAccount>();
  private created = 0;

  forKey(key: string): BatchAccount {
    let account = this.byKey.get(key);
    if (!account) {
      account = new BatchAccount();
      this.byKey.set(key, account);
    }
    return account;
  }

  /**
   * A generator for the next batch: the same seed and the same batches in the same order give the
   * same faults and the same finishing order, whatever the online requests drew.
   */
  nextRandom(seed: number): RandomSource {
    this.created += 1;
    return seededRandom((seed ^ Math.imul(this.created, 0x9e3779b1)) >>> 0);
  }
}

/** 0..n-1 in a seeded order (Fisher–Yates). */
function shuffledPositions(n: number, random: RandomSource): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
