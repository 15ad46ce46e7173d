import type { PriceTable } from '../../../shared/pricing.ts';
import type { BatchRecord, BatchSummary } from '../../../shared/domain/batch.ts';
import { batchSummary } from '../../../shared/domain/batch.ts';
import type { AttemptError, PacerError } from '../../../shared/domain/errors.ts';
import type { EngineEvent, EngineEventBody, RunOutcome } from '../../../shared/domain/events.ts';
import type { RunSettings } from '../../../shared/domain/settings.ts';
import { isTerminal } from '../../../shared/domain/task.ts';
import type { BatchClient } from '../../providers/batch-client.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import type { EnginePhase, RunReadView, RunResult, RunTaskSeed, StartOptions } from '../run-options.ts';
import { RunEvents } from '../run-events.ts';
import { newTaskView } from '../../../shared/run-view/task-view.ts';
import type { BatchLineItem } from './batch-lines.ts';
import { batchLine } from './batch-lines.ts';
import { chooseTier, handoverAt } from './batch-choice.ts';
import { BatchParts } from './batch-parts.ts';
import type { PartOutcomes } from './batch-parts.ts';
import type { BatchLedger } from './batch-ledger.ts';
import { BatchTaskEvents } from './batch-task-events.ts';
import { runError } from '../run-error.ts';
import { tasksForRound } from '../round-selection.ts';
import type { OnlineHandover } from './online-handover.ts';
import type { PollSchedule } from './poll-schedule.ts';
import { DEFAULT_POLL_SCHEDULE, pollDelayMs } from './poll-schedule.ts';
import type { BatchLimits } from './split-batches.ts';
import { OPENAI_BATCH_LIMITS, splitIntoBatches } from './split-batches.ts';

export interface BatchRunOptions {
  readonly id: string;
  readonly settings: RunSettings;
  /** The prices in force, the user's overrides applied. @default DEFAULT_PRICES */
  readonly prices?: PriceTable;
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
  private readonly ledger: BatchLedger;
  private readonly online: OnlineHandover;
  private readonly schedule: PollSchedule;
  private readonly handoverFloorMs: number | undefined;
  private readonly events: RunEvents;
  private readonly tasks: BatchTaskEvents;
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
  private readonly parts: BatchParts;

  constructor(options: BatchRunOptions) {
    this.id = options.id;
    this.settings = options.settings;
    this.clock = options.clock ?? systemClock;
    this.ledger = options.ledger;
    this.online = options.online;
    this.schedule = options.poll ?? DEFAULT_POLL_SCHEDULE;
    this.handoverFloorMs = options.handoverFloorMs;
    this.limits = { ...OPENAI_BATCH_LIMITS, maxTokens: options.settings.batchTokenLimit, ...options.limits };
    for (const task of options.tasks) this.inputs.set(task.id, task);
    const seeds = options.tasks.map((t) => newTaskView(t.id, t.index, t.topic, t.status ?? 'queued', t.attempts ?? 0));
    this.events = new RunEvents(this.id, this.clock, seeds, options.lastSeq ?? 0);
    this.tasks = new BatchTaskEvents(this.events, this.settings, options.prices);
    this.parts = new BatchParts({ runId: this.id, client: options.client, ledger: options.ledger, clock: this.clock, schedule: this.schedule, outcomes: this.partOutcomes() });
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
    if (this.parts.has(taskId)) {
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
    for (const id of tasksForRound(view, options)) {
      this.tasks.enterRound(id);
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
      await this.sleepUntil(Math.min(this.parts.nextPollAt(), retryAt, goOnlineAt));
      await this.parts.pollDue();
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
      for (const id of tasks) this.pending.delete(id);
      this.parts.resume(record, tasks);
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
      this.tasks.startAttempt(item.taskId, item.tokens);
      const message = `This request (${item.tokens} prompt tokens, ${item.bytes} bytes) is over the Batch API's limit for one batch (${this.limits.maxTokens ?? '-'} enqueued tokens, ${this.limits.maxBytes} bytes).`;
      this.failLine(item.taskId, { kind: 'too_large', decision: 'fail_task', message });
    }
    let inFlight = this.parts.enqueuedTokens();
    for (const part of parts) {
      const tokens = part.reduce((sum, item) => sum + item.tokens, 0);
      if (this.limits.maxTokens !== null && inFlight > 0 && inFlight + tokens > this.limits.maxTokens) break;
      if (this.stopRequest) return false;
      for (const item of part) this.pending.delete(item.taskId);
      if (!(await this.parts.submit(part, tokens))) return false;
      inFlight += tokens;
    }
    return true;
  }

  // ---- online, stopping ----

  private remaining(): { requests: number; tokens: number } {
    const ids = [...this.pending, ...this.parts.taskIds()];
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

  /** A line's attempt failed: it goes back to the pending lines while it may go again. */
  private failLine(taskId: string, error: AttemptError, latencyMs = 0, free = false): void {
    if (this.tasks.failed(taskId, error, latencyMs, free)) this.pending.add(taskId);
  }

  /**
   * What is left goes online: the batches in flight are cancelled, what they finished is collected,
   * and the rest runs through an online engine whose events are this run's.
   */
  private async handOver(): Promise<RunResult> {
    await this.parts.cancelAll();
    while (this.parts.size > 0 && !this.stopRequest) {
      await this.sleepUntil(this.parts.nextPollAt());
      await this.parts.pollDue();
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

  private stop(request: NonNullable<BatchRun['stopRequest']>): void {
    if (this.current !== 'running' || this.stopRequest) return;
    this.current = 'stopping';
    this.stopRequest = request;
    this.wake.abort();
  }

  /** Ends every task not finished as cancelled; a cancel also cancels the batches at the provider. */
  private async wind(request: NonNullable<BatchRun['stopRequest']>): Promise<RunResult> {
    if (request.cancelRemote) await this.parts.cancelAll();
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

  private partOutcomes(): PartOutcomes {
    return {
      started: (taskId, promptTokens) => this.tasks.startAttempt(taskId, promptTokens),
      done: (taskId, text, usage, latencyMs) => this.tasks.done(taskId, text, usage, latencyMs),
      failed: (taskId, error, latencyMs, free) => this.failLine(taskId, error, latencyMs, free),
      learnedTokenLimit: (limit) => {
        this.limits = { ...this.limits, maxTokens: Math.min(this.limits.maxTokens ?? limit, limit) };
      },
      changed: () => this.announce(),
      stopping: () => this.stopRequest !== undefined,
    };
  }

  private announce(): void {
    if (this.batchListeners.length === 0) return;
    const batches = this.batches();
    for (const listener of [...this.batchListeners]) listener(batches);
  }
}
