import { randomUUID } from 'node:crypto';
import type { BatchRecord, BatchSummary } from '../../../shared/domain/batch.ts';
import { batchSummary, isBatchEnded } from '../../../shared/domain/batch.ts';
import type { AttemptError, PacerError } from '../../../shared/domain/errors.ts';
import type { EngineEvent, EngineEventBody, RunOutcome } from '../../../shared/domain/events.ts';
import type { RunSettings } from '../../../shared/domain/settings.ts';
import { isTerminal } from '../../../shared/domain/task.ts';
import { costUsd, priceFor } from '../../../shared/pricing.ts';
import type { BatchClient } from '../../providers/batch-client.ts';
import { ProviderError } from '../../providers/provider.ts';
import type { BatchProgress } from '../../store/batch-repository.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { classifyError } from '../retry/classify-error.ts';
import { shouldRetry } from '../retry/backoff.ts';
import type { EnginePhase, RunReadView, RunResult, RunTaskSeed, StartOptions } from '../run-options.ts';
import { RunEvents } from '../run-events.ts';
import { newTaskView } from '../../../shared/run-view/task-view.ts';
import type { BatchLineItem } from './batch-lines.ts';
import { batchLine, jsonlOf } from './batch-lines.ts';
import { chooseTier, handoverAt } from './batch-choice.ts';
import type { LineResult } from './batch-results.ts';
import { mapBatchResults } from './batch-results.ts';
import type { OnlineHandover } from './online-handover.ts';
import type { PollSchedule } from './poll-schedule.ts';
import { DEFAULT_POLL_SCHEDULE, pollDelayMs } from './poll-schedule.ts';
import type { BatchLimits } from './split-batches.ts';
import { OPENAI_BATCH_LIMITS, splitIntoBatches, tokenLimitFromMessage } from './split-batches.ts';

/** Where a run's batches are kept (the store's BatchRepository, for one run). */
export interface BatchLedger {
  addPart(partId: string, taskIds: readonly string[], tokens: number): void;
  submitted(partId: string, batchId: string, inputFileId: string, status: BatchRecord['status']): void;
  progress(partId: string, progress: BatchProgress): void;
  collected(partId: string): void;
  forget(partId: string): void;
  list(): BatchRecord[];
}

export interface BatchRunOptions {
  readonly id: string;
  readonly settings: RunSettings;
  readonly tasks: readonly RunTaskSeed[];
  readonly client: BatchClient;
  readonly ledger: BatchLedger;
  /** Sends what is left online (auto mode, or a deadline near); built by the caller, who owns the limiter. */
  readonly online: OnlineHandover;
  readonly clock?: Clock;
  readonly poll?: PollSchedule;
  /** @default OpenAI's: 50,000 requests and 200 MB per file; the token limit from the settings or learned */
  readonly limits?: Partial<BatchLimits>;
  readonly lastSeq?: number;
  /** The least room kept before a deadline to finish online (batch-choice.ts). @default 60_000 */
  readonly handoverFloorMs?: number;
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
 * A run through the Batch API: the tasks go as JSONL input files (custom_id = task id), split to
 * the provider's limits, and are polled until their batches end; each result comes back as the
 * same events an online run emits (attempt.started when a task is submitted, task.done with its
 * text, usage and batch-price cost), so the store and the exports treat both alike. Failed,
 * expired and cancelled-before-running lines go again, only those, as a new batch, or online when
 * the deadline is near.
 *
 * Durable: every part is stored before its batch is created and the batch id as soon as it is,
 * so a crash, a quit (detach) or a cancel leaves the batch known; the next start polls it and
 * collects its results instead of paying for them again.
 */
export class BatchRun {
  readonly id: string;
  private readonly settings: RunSettings;
  private readonly clock: Clock;
  private readonly client: BatchClient;
  private readonly ledger: BatchLedger;
  private readonly online: OnlineHandover;
  private readonly schedule: PollSchedule;
  private readonly handoverFloorMs: number | undefined;
  private readonly events: RunEvents;
  private readonly inputs = new Map<string, RunTaskSeed>();
  /** Each task's line, built once (tokenizing is the costly part) and again after a prompt edit. */
  private readonly lines = new Map<string, BatchLineItem>();
  private readonly batchListeners: ((batches: BatchSummary[]) => void)[] = [];
  private limits: BatchLimits;
  private current: EnginePhase = 'idle';
  private paused = false;
  private stopRequest: { outcome: RunOutcome; reason: string; cancelRemote: boolean; error?: PacerError } | undefined;
  private wake = new AbortController();
  private ended: Promise<RunResult> | undefined;
  private readonly pending = new Set<string>();
  /** Attempts each task had when this round began: every round has a fresh retry budget, as online. */
  private readonly roundBase = new Map<string, number>();
  private readonly parts = new Map<string, OpenPart>();

  constructor(options: BatchRunOptions) {
    this.id = options.id;
    this.settings = options.settings;
    this.clock = options.clock ?? systemClock;
    this.client = options.client;
    this.ledger = options.ledger;
    this.online = options.online;
    this.schedule = options.poll ?? DEFAULT_POLL_SCHEDULE;
    this.handoverFloorMs = options.handoverFloorMs;
    this.limits = { ...OPENAI_BATCH_LIMITS, maxTokens: options.settings.batchTokenLimit, ...options.limits };
    for (const task of options.tasks) this.inputs.set(task.id, task);
    const seeds = options.tasks.map((t) => newTaskView(t.id, t.index, t.topic, t.status ?? 'queued', t.attempts ?? 0));
    this.events = new RunEvents(this.id, this.clock, seeds, options.lastSeq ?? 0);
  }

  on(listener: (event: EngineEvent) => void): () => void {
    return this.events.on(listener);
  }

  /** Each batch's state and counts, whenever one changes. */
  onBatches(listener: (batches: BatchSummary[]) => void): () => void {
    this.batchListeners.push(listener);
    return () => {
      const i = this.batchListeners.indexOf(listener);
      if (i >= 0) this.batchListeners.splice(i, 1);
    };
  }

  get phase(): EnginePhase {
    return this.current;
  }

  get view(): RunReadView {
    return this.events.view;
  }

  /** The run's batches as stored, for a snapshot. */
  batches(): BatchSummary[] {
    return this.ledger.list().map(batchSummary);
  }

  start(options: StartOptions = {}): Promise<RunResult> {
    if (this.current !== 'idle' && this.current !== 'finished') throw new Error(`Run ${this.id} is already ${this.current}`);
    this.current = 'running';
    this.paused = false;
    this.stopRequest = undefined;
    this.ended = this.drive(options).catch((error: unknown) => this.finish('stopped', runError(error)));
    return this.ended;
  }

  /** No new batch is submitted; the ones in flight go on and are collected. */
  pause(): void {
    if (this.current !== 'running' || this.paused) return;
    this.paused = true;
    this.online.pause();
    this.events.emit({ type: 'run.paused' });
  }

  resume(): void {
    if (this.current !== 'running' || !this.paused) return;
    this.paused = false;
    this.online.resume();
    this.events.emit({ type: 'run.resumed' });
    this.wake.abort();
  }

  /** Cancels the batches in flight at the provider; what they finished is collected on the next start. */
  async cancel(reason = 'Cancelled by the user.'): Promise<void> {
    this.stop({ outcome: 'cancelled', reason, cancelRemote: true });
    await this.online.cancel(reason);
    await this.ended;
  }

  /** Stops polling and leaves the batches running at the provider: the next start collects them. */
  async detach(reason: string): Promise<void> {
    this.stop({ outcome: 'cancelled', reason: `${reason} Its batches go on at the provider and are collected on resume.`, cancelRemote: false });
    await this.online.cancel(reason);
    await this.ended;
  }

  setControls(controls: Parameters<OnlineHandover['setControls']>[0]): void {
    this.online.setControls(controls);
  }

  /** A task not yet in a batch is skipped; one in a batch cannot be taken back out. */
  skip(taskId: string): boolean {
    if (this.current !== 'running' || !this.pending.has(taskId)) return this.online.skip(taskId);
    this.pending.delete(taskId);
    this.events.emit({ type: 'task.skipped', taskId });
    return true;
  }

  retryTask(): boolean {
    return false;
  }

  setPrompt(taskId: string, prompt: string): void {
    if ([...this.parts.values()].some((part) => part.tasks.has(taskId))) {
      throw new Error(`Task ${taskId} is in a batch in flight: wait for the batch to end before editing its prompt`);
    }
    const input = this.inputs.get(taskId);
    if (input) this.inputs.set(taskId, { ...input, prompt });
    this.lines.delete(taskId);
  }

  // ---- the loop ----

  private async drive(options: StartOptions): Promise<RunResult> {
    const view = this.events.view;
    this.events.emit({ type: 'run.started', total: view.tasks.size, settings: this.settings });
    const requeue = new Set(options.requeue ?? []);
    const named = new Set(options.tasks ?? []);
    const toRun = [...view.tasks.keys()].filter((id) => {
      const status = view.get(id).status;
      return !isTerminal(status) || requeue.has(status) || named.has(id);
    });
    for (const id of toRun) {
      this.roundBase.set(id, view.get(id).attempts);
      if (view.get(id).status !== 'queued') this.events.emit({ type: 'task.queued', taskId: id });
      this.pending.add(id);
    }
    const stored = this.ledger.list();
    this.adopt(stored);
    const firstSubmitted = stored[0]?.createdAt;
    const deadlineAt = this.settings.deadlineMs === null ? undefined : (firstSubmitted ?? this.clock.now()) + this.settings.deadlineMs;
    if (this.parts.size === 0 && chooseTier(this.settings, this.remaining(), this.handoverFloorMs) === 'online') return this.handOver();

    let submitFailures = 0;
    let nextSubmitAt = 0;
    while (!this.stopRequest) {
      const goOnlineAt = handoverAt(this.settings, deadlineAt, this.remaining(), this.handoverFloorMs);
      if (this.clock.now() >= goOnlineAt) return this.handOver();
      if (!this.paused && this.pending.size > 0 && this.clock.now() >= nextSubmitAt) {
        const ok = await this.submitWhatFits();
        submitFailures = ok ? 0 : submitFailures + 1;
        if (!ok) nextSubmitAt = this.clock.now() + pollDelayMs(submitFailures, this.schedule);
      }
      if (this.parts.size === 0 && this.pending.size === 0) break;
      const retryAt = submitFailures > 0 && this.pending.size > 0 ? nextSubmitAt : Infinity;
      await this.sleepUntil(Math.min(this.nextPollAt(), retryAt, goOnlineAt));
      await this.pollDue();
    }
    if (this.stopRequest) return this.wind(this.stopRequest);
    return this.finish('completed');
  }

  /** Parts a previous engine left: polled again, their tasks in flight again (a new attempt each, nothing sent). */
  private adopt(stored: readonly BatchRecord[]): void {
    for (const record of stored) {
      if (record.collected) continue;
      const tasks = new Set(record.taskIds.filter((id) => this.pending.has(id)));
      if (tasks.size === 0) {
        // Its results were applied before a crash could mark it: nothing in it is left to collect.
        if (record.taskIds.every((id) => this.settled(id))) this.ledger.collected(record.partId);
        continue;
      }
      for (const id of tasks) {
        this.pending.delete(id);
        this.startAttempt(id, record.tokens / Math.max(1, record.taskIds.length));
      }
      this.parts.set(record.partId, { record, tasks, polls: 0, nextPollAt: this.clock.now() });
    }
    this.announce();
  }

  private settled(taskId: string): boolean {
    const status = this.events.view.get(taskId).status;
    return status === 'done' || status === 'skipped';
  }

  /** Submits as many parts as the enqueued-token limit lets be in flight. False when a submission failed. */
  private async submitWhatFits(): Promise<boolean> {
    const items = [...this.pending].map((id) => this.lineOf(id));
    const { parts, oversized } = splitIntoBatches(items, this.limits);
    for (const item of oversized) {
      this.pending.delete(item.taskId);
      this.startAttempt(item.taskId, item.tokens);
      const message = `This request (${item.tokens} prompt tokens, ${item.bytes} bytes) is over the Batch API's limit for one batch (${this.limits.maxTokens ?? '-'} enqueued tokens, ${this.limits.maxBytes} bytes).`;
      this.failLine(item.taskId, { kind: 'too_large', decision: 'fail_task', message });
    }
    let inFlight = [...this.parts.values()].reduce((sum, part) => sum + part.record.tokens, 0);
    for (const part of parts) {
      const tokens = part.reduce((sum, item) => sum + item.tokens, 0);
      if (this.limits.maxTokens !== null && inFlight > 0 && inFlight + tokens > this.limits.maxTokens) break;
      if (this.stopRequest || !(await this.submit(part, tokens))) return false;
      inFlight += tokens;
    }
    return true;
  }

  private async submit(items: readonly BatchLineItem[], tokens: number): Promise<boolean> {
    const partId = randomUUID();
    const taskIds = items.map((item) => item.taskId);
    this.ledger.addPart(partId, taskIds, tokens);
    for (const item of items) {
      this.pending.delete(item.taskId);
      this.startAttempt(item.taskId, item.tokens);
    }
    const at = this.clock.now();
    const record: BatchRecord = { runId: this.id, partId, batchId: null, inputFileId: null, taskIds, tokens, status: 'submitting', total: items.length, completed: 0, failed: 0, outputFileId: null, errorFileId: null, createdAt: at, updatedAt: at, collected: false };
    const part: OpenPart = { record, tasks: new Set(taskIds), polls: 0, nextPollAt: at };
    this.parts.set(partId, part);
    let fileId: string | undefined;
    try {
      fileId = await this.client.upload(`pacer-${this.id}-${partId}.jsonl`, jsonlOf(items));
      const batch = await this.client.create(fileId, { [METADATA_RUN]: this.id, [METADATA_PART]: partId });
      this.ledger.submitted(partId, batch.id, fileId, batch.status);
      part.record = { ...record, batchId: batch.id, inputFileId: fileId, status: batch.status };
      part.nextPollAt = this.clock.now() + pollDelayMs(0, this.schedule);
      this.announce();
      return true;
    } catch (error) {
      const attemptError = classifyError(error, this.clock.now());
      if (attemptError.decision === 'stop_run') throw new StopRun({ code: attemptError.kind, message: attemptError.message });
      // An upload that failed, or a creation the server refused, made no batch; a creation cut off
      // may have: the part stays, and the next poll looks for its batch by the part id.
      if (fileId === undefined || attemptError.status !== undefined) {
        this.ledger.forget(partId);
        this.parts.delete(partId);
        for (const id of taskIds) this.failLine(id, attemptError);
      }
      this.announce();
      return false;
    }
  }

  private nextPollAt(): number {
    let next = Infinity;
    for (const part of this.parts.values()) next = Math.min(next, part.nextPollAt);
    return next;
  }

  private async pollDue(): Promise<void> {
    for (const part of [...this.parts.values()]) {
      if (this.stopRequest) return;
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
      if (part.record.batchId === null) this.ledger.submitted(part.record.partId, remote.id, part.record.inputFileId ?? '', remote.status);
      const progress: BatchProgress = { status: remote.status, total: remote.total, completed: remote.completed, failed: remote.failed, outputFileId: remote.outputFileId, errorFileId: remote.errorFileId };
      this.ledger.progress(part.record.partId, progress);
      part.record = { ...part.record, ...progress, batchId: remote.id, updatedAt: this.clock.now() };
      this.announce();
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
    this.parts.delete(part.record.partId);
    const message = part.record.batchId === null ? 'The batch was not created: the connection broke off while creating it.' : `The provider no longer knows batch ${part.record.batchId}.`;
    for (const id of part.tasks) this.failLine(id, { kind: 'network', decision: 'retry', code: 'not_run', message }, 0, part.record.batchId !== null);
    this.announce();
  }

  private failedValidation(part: OpenPart, errors: readonly { code: string; message: string }[]): void {
    const tokenLimit = errors.find((e) => e.code === 'token_limit_exceeded');
    if (tokenLimit) {
      // The provider's queue is full: the limit is learned, and the lines go again in parts that fit.
      const learned = tokenLimitFromMessage(tokenLimit.message) ?? Math.max(1, Math.floor(part.record.tokens / 2));
      this.limits = { ...this.limits, maxTokens: Math.min(this.limits.maxTokens ?? learned, learned) };
    }
    const first = tokenLimit ?? errors[0];
    const error: AttemptError = tokenLimit
      ? { kind: 'rate_limited', decision: 'retry', code: tokenLimit.code, message: tokenLimit.message }
      : { kind: 'bad_request', decision: 'fail_task', ...(first && { code: first.code }), message: first?.message ?? 'The batch failed validation.' };
    for (const id of part.tasks) this.failLine(id, error);
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
      if (result.kind === 'done') this.done(id, result, latencyMs);
      else this.failLine(id, result.error, latencyMs, progressed && NOT_RUN_CODES.has(result.error.code ?? ''));
    }
    this.close(part);
  }

  private close(part: OpenPart): void {
    this.ledger.collected(part.record.partId);
    this.parts.delete(part.record.partId);
    this.announce();
  }

  // ---- task events ----

  private startAttempt(taskId: string, promptTokens: number): void {
    const attempt = this.events.view.get(taskId).attempts + 1;
    this.events.emit({ type: 'attempt.started', taskId, attempt, estimatedTokens: Math.ceil(promptTokens) + this.settings.maxTokens });
  }

  private done(taskId: string, result: Extract<LineResult, { kind: 'done' }>, latencyMs: number): void {
    const price = priceFor(this.settings.model);
    const cost = price ? { costUsd: costUsd(price, result.usage.promptTokens, result.usage.completionTokens, 'batch') } : {};
    this.events.emit({ type: 'task.done', taskId, attempt: this.events.view.get(taskId).attempts, text: result.text, usage: result.usage, latencyMs, ...cost });
  }

  /** The line's attempt failed: it goes again in a later batch while attempts remain (always, when `free`). */
  private failLine(taskId: string, error: AttemptError, latencyMs = 0, free = false): void {
    const attempt = this.events.view.get(taskId).attempts;
    this.events.emit({ type: 'attempt.failed', taskId, attempt, error, latencyMs });
    if (free || shouldRetry(error, attempt - (this.roundBase.get(taskId) ?? 0), this.settings.retry)) {
      this.events.emit({ type: 'task.queued', taskId });
      this.pending.add(taskId);
    } else {
      this.events.emit({ type: 'task.failed', taskId, error });
    }
  }

  // ---- online, stopping ----

  private remaining(): { requests: number; tokens: number } {
    const ids = [...this.pending, ...[...this.parts.values()].flatMap((part) => [...part.tasks])];
    const tokens = ids.reduce((sum, id) => sum + this.lineOf(id).tokens + this.settings.maxTokens, 0);
    return { requests: ids.length, tokens };
  }

  private lineOf(taskId: string): BatchLineItem {
    let line = this.lines.get(taskId);
    if (!line) {
      line = batchLine(this.settings, this.inputs.get(taskId)!);
      this.lines.set(taskId, line);
    }
    return line;
  }

  /**
   * What is left goes online: the batches in flight are cancelled, what they finished is collected,
   * and the rest runs through an online engine whose events are this run's.
   */
  private async handOver(): Promise<RunResult> {
    for (const part of this.parts.values()) await this.cancelRemote(part);
    while (this.parts.size > 0 && !this.stopRequest) {
      await this.sleepUntil(this.nextPollAt());
      await this.pollDue();
    }
    if (this.stopRequest) return this.wind(this.stopRequest);
    const left = [...this.pending];
    this.pending.clear();
    const result = await this.online.run(
      left.map((id) => ({ ...this.inputs.get(id)!, status: 'queued' as const, attempts: this.events.view.get(id).attempts })),
      (body) => this.events.emit(body),
    );
    if (this.stopRequest) return this.wind(this.stopRequest);
    return this.finish(result.outcome, result.error);
  }

  private async cancelRemote(part: OpenPart): Promise<void> {
    if (part.record.batchId === null || isBatchEnded(part.record.status)) return;
    try {
      const remote = await this.client.cancel(part.record.batchId);
      part.record = { ...part.record, status: remote.status };
      this.ledger.progress(part.record.partId, { status: remote.status, total: remote.total, completed: remote.completed, failed: remote.failed, outputFileId: remote.outputFileId, errorFileId: remote.errorFileId });
      part.nextPollAt = this.clock.now();
      this.announce();
    } catch {
      // Already ending (the server refuses to cancel a finalizing batch): it is collected as it ends.
    }
  }

  private stop(request: NonNullable<BatchRun['stopRequest']>): void {
    if (this.current !== 'running' || this.stopRequest) return;
    this.current = 'stopping';
    this.stopRequest = request;
    this.wake.abort();
  }

  /** Ends every task not finished as cancelled; a cancel also cancels the batches at the provider. */
  private async wind(request: NonNullable<BatchRun['stopRequest']>): Promise<RunResult> {
    if (request.cancelRemote) for (const part of this.parts.values()) await this.cancelRemote(part);
    const view = this.events.view;
    for (const id of view.tasks.keys()) {
      if (!isTerminal(view.get(id).status)) this.events.emit({ type: 'task.cancelled', taskId: id, reason: request.reason });
    }
    return this.finish(request.outcome, request.error);
  }

  private finish(outcome: RunOutcome, error?: PacerError): RunResult {
    if (error && outcome === 'stopped') {
      const view = this.events.view;
      for (const id of view.tasks.keys()) {
        if (!isTerminal(view.get(id).status)) this.quietly({ type: 'task.cancelled', taskId: id, reason: error.message });
      }
    }
    this.current = 'finished';
    const counts = { ...this.events.view.counts };
    this.quietly({ type: 'run.finished', outcome, counts, ...(error && { error }) });
    return { outcome, counts, ...(error && { error }) };
  }

  private quietly(body: EngineEventBody): void {
    try {
      this.events.emit(body);
    } catch {
      // The store failed already; the result carries the error.
    }
  }

  private async sleepUntil(at: number): Promise<void> {
    if (this.stopRequest) return;
    const ms = Number.isFinite(at) ? Math.max(0, at - this.clock.now()) : 60_000;
    if (this.wake.signal.aborted) this.wake = new AbortController();
    try {
      await this.clock.sleep(ms, this.wake.signal);
    } catch {
      // Woken early: a stop, or a resume with tasks to submit.
    }
  }

  private announce(): void {
    if (this.batchListeners.length === 0) return;
    const batches = this.batches();
    for (const listener of [...this.batchListeners]) listener(batches);
  }
}

/** A provider error that stops the whole run (a bad key, no quota, an unknown model). */
class StopRun extends Error {
  readonly error: PacerError;
  constructor(error: PacerError) {
    super(error.message);
    this.error = error;
  }
}

function runError(error: unknown): PacerError {
  if (error instanceof StopRun) return error.error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'batch_failed';
  return { code, message: error instanceof Error ? error.message : String(error) };
}
