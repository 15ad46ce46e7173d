import { randomUUID } from 'node:crypto';
import type { BatchProgress, BatchRecord } from '../../../shared/domain/batch.ts';
import { isBatchEnded } from '../../../shared/domain/batch.ts';
import type { AttemptError } from '../../../shared/domain/errors.ts';
import type { Usage } from '../../../shared/domain/task.ts';
import type { BatchClient } from '../../providers/batch-client.ts';
import { ProviderError } from '../../providers/provider.ts';
import type { Clock } from '../clock.ts';
import { classifyError } from '../retry/classify-error.ts';
import type { BatchLedger } from './batch-ledger.ts';
import type { BatchLineItem } from './batch-lines.ts';
import { jsonlOf } from './batch-lines.ts';
import type { LineResult } from './batch-results.ts';
import { mapBatchResults } from './batch-results.ts';
import type { PollSchedule } from './poll-schedule.ts';
import { pollDelayMs } from './poll-schedule.ts';
import { tokenLimitFromMessage } from './split-batches.ts';
import { StopRun } from '../run-error.ts';

/** What the parts' lifecycle tells the run: each line's fate, a learned limit, any change to show. */
export interface PartOutcomes {
  /** A line goes to the provider (or a stored batch is polled again): a new attempt. */
  started(taskId: string, promptTokens: number): void;
  done(taskId: string, text: string, usage: Usage, latencyMs: number): void;
  /** A line's attempt failed; `free`: it never ran, so it does not use up an attempt. */
  failed(taskId: string, error: AttemptError, latencyMs: number, free: boolean): void;
  /** The provider's enqueued-token limit, learned from a batch refused with token_limit_exceeded. */
  learnedTokenLimit(limit: number): void;
  /** A part's state or counts changed. */
  changed(): void;
  /** The run is stopping: no further poll starts. */
  stopping(): boolean;
}

export interface BatchPartsOptions {
  readonly runId: string;
  readonly client: BatchClient;
  readonly ledger: BatchLedger;
  readonly clock: Clock;
  readonly schedule: PollSchedule;
  readonly outcomes: PartOutcomes;
}

/** One part in flight: its record as stored, and the tasks of this engine it carries. */
interface OpenPart {
  record: BatchRecord;
  readonly tasks: Set<string>;
  polls: number;
  nextPollAt: number;
}

/** A line that ended without running: expired with its batch, or left out by a cancel. */
const NOT_RUN_CODES: ReadonlySet<string> = new Set(['batch_expired', 'not_run']);

const METADATA_RUN = 'pacer_run';
const METADATA_PART = 'pacer_part';

/**
 * A run's batches in flight at the provider: each is stored as a part before it is created and
 * with its batch id as soon as it is; it is polled on the schedule until it ends, then its output
 * and error files are read and every line is mapped back to its task, exactly once.
 */
export class BatchParts {
  private readonly runId: string;
  private readonly client: BatchClient;
  private readonly ledger: BatchLedger;
  private readonly clock: Clock;
  private readonly schedule: PollSchedule;
  private readonly outcomes: PartOutcomes;
  private readonly open = new Map<string, OpenPart>();

  constructor(options: BatchPartsOptions) {
    this.runId = options.runId;
    this.client = options.client;
    this.ledger = options.ledger;
    this.clock = options.clock;
    this.schedule = options.schedule;
    this.outcomes = options.outcomes;
  }

  get size(): number {
    return this.open.size;
  }

  /** Every task in a part in flight. */
  taskIds(): string[] {
    return [...this.open.values()].flatMap((part) => [...part.tasks]);
  }

  /** Prompt tokens in the provider's queue from these parts, against the enqueued-token limit. */
  enqueuedTokens(): number {
    return [...this.open.values()].reduce((sum, part) => sum + part.record.tokens, 0);
  }

  has(taskId: string): boolean {
    return [...this.open.values()].some((part) => part.tasks.has(taskId));
  }

  /** A part an earlier engine left, for `tasks` of this one: polled at once. */
  resume(record: BatchRecord, tasks: ReadonlySet<string>): void {
    for (const id of tasks) this.outcomes.started(id, record.tokens / Math.max(1, record.taskIds.length));
    this.open.set(record.partId, { record, tasks: new Set(tasks), polls: 0, nextPollAt: this.clock.now() });
  }

  /** Cancels every batch in flight at the provider; each is collected as it ends. */
  async cancelAll(): Promise<void> {
    for (const part of [...this.open.values()]) await this.cancelRemote(part);
  }

  async submit(items: readonly BatchLineItem[], tokens: number): Promise<boolean> {
    const partId = randomUUID();
    const taskIds = items.map((item) => item.taskId);
    this.ledger.addPart(partId, taskIds, tokens);
    for (const item of items) this.outcomes.started(item.taskId, item.tokens);
    const at = this.clock.now();
    const record: BatchRecord = { runId: this.runId, partId, batchId: null, inputFileId: null, taskIds, tokens, status: 'submitting', total: items.length, completed: 0, failed: 0, outputFileId: null, errorFileId: null, createdAt: at, updatedAt: at, collected: false };
    const part: OpenPart = { record, tasks: new Set(taskIds), polls: 0, nextPollAt: at };
    this.open.set(partId, part);
    let fileId: string | undefined;
    try {
      fileId = await this.client.upload(`pacer-${this.runId}-${partId}.jsonl`, jsonlOf(items));
      const batch = await this.client.create(fileId, { [METADATA_RUN]: this.runId, [METADATA_PART]: partId });
      this.ledger.submitted(partId, batch.id, fileId, batch.status);
      part.record = { ...record, batchId: batch.id, inputFileId: fileId, status: batch.status };
      part.nextPollAt = this.clock.now() + pollDelayMs(0, this.schedule);
      this.outcomes.changed();
      return true;
    } catch (error) {
      const attemptError = classifyError(error, this.clock.now());
      if (attemptError.decision === 'stop_run') throw new StopRun({ code: attemptError.kind, message: attemptError.message });
      // An upload that failed, or a creation the server refused, made no batch; a creation cut off
      // may have: the part stays, and the next poll looks for its batch by the part id.
      if (fileId === undefined || attemptError.status !== undefined) {
        this.ledger.forget(partId);
        this.open.delete(partId);
        for (const id of taskIds) this.outcomes.failed(id, attemptError, 0, false);
      } else {
        part.record = { ...part.record, inputFileId: fileId };
      }
      this.outcomes.changed();
      return false;
    }
  }

  nextPollAt(): number {
    let next = Infinity;
    for (const part of this.open.values()) next = Math.min(next, part.nextPollAt);
    return next;
  }

  async pollDue(): Promise<void> {
    for (const part of [...this.open.values()]) {
      if (this.outcomes.stopping()) return;
      if (part.nextPollAt > this.clock.now()) continue;
      await this.poll(part);
    }
  }

  private async poll(part: OpenPart): Promise<void> {
    part.polls++;
    part.nextPollAt = this.clock.now() + pollDelayMs(part.polls, this.schedule);
    try {
      const remote = part.record.batchId === null ? await this.client.find(METADATA_PART, part.record.partId) : await this.client.retrieve(part.record.batchId);
      if (!remote) return this.lost(part);
      if (part.record.batchId === null) this.ledger.submitted(part.record.partId, remote.id, part.record.inputFileId, remote.status);
      const progress: BatchProgress = { status: remote.status, total: remote.total, completed: remote.completed, failed: remote.failed, outputFileId: remote.outputFileId, errorFileId: remote.errorFileId };
      const changed = part.record.batchId !== remote.id || (Object.keys(progress) as (keyof BatchProgress)[]).some((key) => part.record[key] !== progress[key]);
      part.record = { ...part.record, ...progress, batchId: remote.id, updatedAt: this.clock.now() };
      // Most polls find nothing new: only a change is written (durably) and shown.
      if (changed) {
        this.ledger.progress(part.record.partId, progress);
        this.outcomes.changed();
      }
      if (!isBatchEnded(remote.status)) return;
      if (remote.status === 'failed') return this.failedValidation(part, remote.errors);
      await this.collect(part);
    } catch (error) {
      if (error instanceof StopRun) throw error;
      // The provider does not know the batch (the built-in simulator's die with the app): its lines go again.
      if (error instanceof ProviderError && error.status === 404) return this.lost(part);
      const attemptError = classifyError(error, this.clock.now());
      if (attemptError.decision === 'stop_run') throw new StopRun({ code: attemptError.kind, message: attemptError.message });
      // A poll that failed is only a poll: the batch goes on, and the next one asks again.
    }
  }

  /** A part the provider does not know: its creation was cut off, or the provider lost it. Nothing of it ran. */
  private lost(part: OpenPart): void {
    if (part.record.batchId === null) this.ledger.forget(part.record.partId);
    else this.ledger.collected(part.record.partId);
    this.open.delete(part.record.partId);
    const message = part.record.batchId === null ? 'The batch was not created: the connection broke off while creating it.' : `The provider no longer knows batch ${part.record.batchId}.`;
    for (const id of part.tasks) this.outcomes.failed(id, { kind: 'network', decision: 'retry', code: 'not_run', message }, 0, part.record.batchId !== null);
    this.outcomes.changed();
  }

  private failedValidation(part: OpenPart, errors: readonly { code: string; message: string }[]): void {
    const tokenLimit = errors.find((e) => e.code === 'token_limit_exceeded');
    if (tokenLimit) {
      // The provider's queue is full: the limit is learned, and the lines go again in parts that fit.
      this.outcomes.learnedTokenLimit(tokenLimitFromMessage(tokenLimit.message) ?? Math.max(1, Math.floor(part.record.tokens / 2)));
    }
    const first = tokenLimit ?? errors[0];
    const error: AttemptError = tokenLimit
      ? { kind: 'rate_limited', decision: 'retry', code: tokenLimit.code, message: tokenLimit.message }
      : { kind: 'bad_request', decision: 'fail_task', ...(first && { code: first.code }), message: first?.message ?? 'The batch failed validation.' };
    for (const id of part.tasks) this.outcomes.failed(id, error, 0, false);
    this.close(part);
  }

  private async collect(part: OpenPart): Promise<void> {
    const { outputFileId, errorFileId } = part.record;
    const output = outputFileId ? await this.client.content(outputFileId) : '';
    const errors = errorFileId ? await this.client.content(errorFileId) : '';
    const mapped = mapBatchResults([...part.tasks], output, errors);
    const latencyMs = Math.max(0, this.clock.now() - part.record.createdAt);
    // Lines a batch never ran cost nothing and go again without using up their attempts, as long as
    // batches make progress: one that ran nothing at all counts, so a provider that never runs a
    // line cannot keep the run going forever.
    const progressed = [...mapped.results.values()].some((result) => result.kind === 'done');
    for (const id of part.tasks) {
      const result: LineResult = mapped.results.get(id) ?? {
        kind: 'failed',
        error: { kind: 'cancelled', decision: 'retry', code: 'not_run', message: `The batch ended ${part.record.status} before this line ran.` },
      };
      if (result.kind === 'done') this.outcomes.done(id, result.text, result.usage, latencyMs);
      else this.outcomes.failed(id, result.error, latencyMs, progressed && NOT_RUN_CODES.has(result.error.code ?? ''));
    }
    this.close(part);
  }

  private close(part: OpenPart): void {
    this.ledger.collected(part.record.partId);
    this.open.delete(part.record.partId);
    this.outcomes.changed();
  }

  private async cancelRemote(part: OpenPart): Promise<void> {
    if (part.record.batchId === null || isBatchEnded(part.record.status)) return;
    try {
      const remote = await this.client.cancel(part.record.batchId);
      part.record = { ...part.record, status: remote.status };
      this.ledger.progress(part.record.partId, { status: remote.status, total: remote.total, completed: remote.completed, failed: remote.failed, outputFileId: remote.outputFileId, errorFileId: remote.errorFileId });
      part.nextPollAt = this.clock.now();
      this.outcomes.changed();
    } catch {
      // Already ending (the server refuses to cancel a finalizing batch): it is collected as it ends.
    }
  }
}
