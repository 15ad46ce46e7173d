import type { PacerError } from '../../shared/domain/errors.ts';
import type { EngineEvent, EngineEventBody, RunOutcome } from '../../shared/domain/events.ts';
import type { LiveControls, RunSettings } from '../../shared/domain/settings.ts';
import type { StatusCounts, TaskStatus } from '../../shared/domain/task.ts';
import { isTerminal } from '../../shared/domain/task.ts';
import { RunView } from '../../shared/run-view/run-view.ts';
import { newTaskView } from '../../shared/run-view/task-view.ts';
import type { ChatProvider } from '../providers/provider.ts';
import { runAttempt } from './attempt.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { BackoffTimers } from './backoff-timers.ts';
import { LatencyTracker } from './latency-tracker.ts';
import { RateLimiter } from './limiter/rate-limiter.ts';
import { autoPoolSize } from './pool-size.ts';
import type { Random } from './random.ts';
import { ReadyQueue } from './ready-queue.ts';
import type { RunTask } from './task-request.ts';
import { taskMessages } from './task-request.ts';
import { estimateRequestTokens } from './tokens/count-tokens.ts';

/** A task as handed to a run: its input and, when resuming, where it stood. */
export interface RunTaskSeed extends RunTask {
  readonly status?: TaskStatus;
  readonly attempts?: number;
}

export interface RunOptions {
  readonly id: string;
  readonly settings: RunSettings;
  readonly tasks: readonly RunTaskSeed[];
  readonly provider: ChatProvider;
  readonly clock?: Clock;
  readonly random?: Random;
  /** How long after a grant the server charges a request (see RateLimiterOptions). @default 50 */
  readonly networkDelayMs?: number;
  /** Upper bound of the auto-sized pool. @default 64 */
  readonly maxAutoWorkers?: number;
  /** Latency assumed before the first reply, for pool sizing. @default 5000 */
  readonly initialLatencyMs?: number;
  /** Least time between two progress events of one attempt. @default 250 */
  readonly progressIntervalMs?: number;
  /**
   * The last sequence number a previous engine of this run used in this process: a rebuilt engine
   * goes on from there, so a view that followed the old one takes the new events as the next
   * ones rather than as already seen. @default 0
   */
  readonly lastSeq?: number;
}

export interface RunResult {
  readonly outcome: RunOutcome;
  readonly counts: StatusCounts;
  readonly error?: PacerError;
}

type Phase = 'idle' | 'running' | 'paused' | 'stopping' | 'finished';

/** Why a slot's signal was aborted: a pause hands the task back, a skip ends it as skipped, anything else is a stop. */
export const PAUSE = Symbol('pause');
export const SKIP = Symbol('skip');

export interface StartOptions {
  /** Tasks in these statuses go back to the queue first (a resume requeues cancelled ones, "retry failed" failed ones). */
  readonly requeue?: readonly TaskStatus[];
  /** These tasks go back to the queue too, whatever their status ("retry now" on a finished run). */
  readonly requeueTasks?: readonly string[];
}

/**
 * One run: a queue of tasks, a pool of slots that each take a task through the limiter and the
 * provider, and the controls (pause, resume, cancel, retry failed, live limits). Every state
 * change is an event; listeners run synchronously, in order, before the engine acts on it — so a
 * store listening first has written an attempt before its request leaves.
 */
export class Run {
  readonly id: string;
  readonly settings: RunSettings;
  readonly view: RunView;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly random: Random;
  readonly provider: ChatProvider;
  readonly latency: LatencyTracker;
  readonly progressIntervalMs: number;

  private readonly tasks = new Map<string, { task: RunTask; tokens: number }>();
  private readonly listeners: ((event: EngineEvent) => void)[] = [];
  private readonly queue = new ReadyQueue();
  private readonly slots = new Map<string, { controller: AbortController; requesting: boolean }>();
  private readonly maxAutoWorkers: number;
  private workersSetting: RunSettings['workers'];
  private poolSize = 1;
  /** Until the server has answered once, one request at a time: a bad key, a wrong model or an empty quota then costs one request, not a burst. */
  private probed = false;
  private seq = 0;
  private phase: Phase = 'idle';
  private stopError: PacerError | undefined;
  private readonly backoffs: BackoffTimers;
  private finish: ((result: RunResult) => void) | undefined;
  private drained: (() => void) | undefined;

  constructor(options: RunOptions) {
    this.id = options.id;
    this.settings = options.settings;
    this.provider = options.provider;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.maxAutoWorkers = options.maxAutoWorkers ?? 64;
    this.progressIntervalMs = options.progressIntervalMs ?? 250;
    this.latency = new LatencyTracker(options.initialLatencyMs ?? 5_000);
    this.backoffs = new BackoffTimers(this.clock);
    this.workersSetting = options.settings.workers;
    this.view = new RunView(options.tasks.map((t) => newTaskView(t.id, t.index, t.topic, t.status ?? 'queued', t.attempts ?? 0)));
    this.seq = options.lastSeq ?? 0;
    this.view.lastSeq = this.seq;
    for (const task of options.tasks) this.setInput(task);
    this.limiter = new RateLimiter({
      clock: this.clock,
      rpm: this.settings.rpm,
      tpm: this.settings.tpm,
      burst: pinnedBurst(this.settings),
      networkDelayMs: options.networkDelayMs ?? 50,
    });
    this.limiter.onLimitsLearned = () => this.resizePool('server', true);
    this.limiter.onShapeLearned = () => this.resizePool('server', true);
  }

  /** Adds a listener; returns its disposer. Listeners run synchronously in the order added. */
  on(listener: (event: EngineEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  get status(): Phase {
    return this.phase;
  }

  /** Runs every task not yet in a terminal state; resolves with the run's one terminal outcome. */
  start(options: StartOptions = {}): Promise<RunResult> {
    if (this.phase !== 'idle' && this.phase !== 'finished') throw new Error(`Run ${this.id} is already ${this.phase}`);
    const result = new Promise<RunResult>((resolve) => (this.finish = resolve));
    this.phase = 'running';
    this.stopError = undefined;
    this.emit({ type: 'run.started', total: this.view.tasks.size, settings: this.settings });
    const requeue = new Set(options.requeue ?? []);
    const requeueTasks = new Set(options.requeueTasks ?? []);
    for (const task of this.view.tasks.values()) {
      if (requeue.has(task.status) || (requeueTasks.has(task.id) && isTerminal(task.status))) this.emit({ type: 'task.queued', taskId: task.id });
      else if (isTerminal(task.status)) continue;
      if (task.status !== 'queued') this.emit({ type: 'task.queued', taskId: task.id });
      this.queue.push(task.id);
    }
    this.resizePool('auto', true);
    this.pump();
    return result;
  }

  /** In-flight requests finish; nothing new starts; tasks waiting for quota go back to the queue. */
  pause(): void {
    if (this.phase !== 'running') return;
    this.phase = 'paused';
    this.emit({ type: 'run.paused' });
    for (const slot of this.slots.values()) if (!slot.requesting) slot.controller.abort(PAUSE);
  }

  resume(): void {
    if (this.phase !== 'paused') return;
    this.phase = 'running';
    this.emit({ type: 'run.resumed' });
    this.pump();
  }

  /** Aborts in-flight requests; every unfinished task ends as cancelled. */
  cancel(reason = 'Cancelled by the user.'): Promise<void> {
    return this.stop('cancelled', reason);
  }

  /** Puts failed tasks back in the queue; restarts the run if it had finished. */
  retryFailed(): number {
    const failed = [...this.view.tasks.values()].filter((t) => t.status === 'failed');
    if (failed.length > 0 && (this.phase === 'finished' || this.phase === 'idle')) void this.start({ requeue: ['failed'] });
    else for (const task of failed) this.retryTask(task.id);
    return failed.length;
  }

  /**
   * Runs a task again now: a finished one (failed, cancelled, skipped, or done after an edited
   * prompt) goes back to the queue, a task waiting out a backoff stops waiting. Restarts a
   * finished run. Returns false when the task is already queued or in flight.
   */
  retryTask(taskId: string): boolean {
    const status = this.view.get(taskId).status;
    if (status === 'retrying') {
      // A rate-limit retry waits at the shared gate, not on its own timer: nothing to cut short.
      if (!this.backoffs.end(taskId)) return false;
      this.queue.pushRetry(taskId);
      this.pump();
      return true;
    }
    if (!isTerminal(status)) return false;
    if (this.phase === 'finished' || this.phase === 'idle') {
      void this.start({ requeueTasks: [taskId] }); // run.started first, then the task is queued
      return true;
    }
    this.emit({ type: 'task.queued', taskId });
    this.queue.pushRetry(taskId);
    this.pump();
    return true;
  }

  /** Skips a task that has not finished; one in flight is aborted. Returns false if it had already finished. */
  skip(taskId: string): boolean {
    const status = this.view.get(taskId).status;
    if (status === 'done' || status === 'skipped') return false;
    const slot = this.slots.get(taskId);
    if (slot) {
      slot.controller.abort(SKIP); // runAttempt sees SKIP and ends the task as skipped
      return true;
    }
    this.backoffs.end(taskId);
    this.emit({ type: 'task.skipped', taskId });
    this.pump();
    return true;
  }

  /** Replaces a task's prompt (a per-task edit); refused while it is in flight or waiting for quota. */
  setPrompt(taskId: string, prompt: string): void {
    if (this.slots.has(taskId)) throw new Error(`Task ${taskId} is in flight: skip it or wait for it to finish before editing its prompt`);
    this.setInput({ ...this.taskInput(taskId).task, prompt });
  }

  setControls(controls: LiveControls): void {
    if (controls.rpm !== undefined || controls.tpm !== undefined) {
      this.limiter.setLimits({ rpm: controls.rpm, tpm: controls.tpm });
    }
    if (controls.workers !== undefined) this.workersSetting = controls.workers;
    this.resizePool('user', true);
    this.pump();
  }

  // ---- used by runAttempt ----

  emit(body: EngineEventBody): EngineEvent {
    const event = { ...body, seq: ++this.seq, at: this.clock.now(), runId: this.id } as EngineEvent;
    this.view.apply(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  taskInput(taskId: string): { task: RunTask; tokens: number } {
    const entry = this.tasks.get(taskId);
    if (!entry) throw new Error(`Unknown task id ${JSON.stringify(taskId)}`);
    return entry;
  }

  markRequesting(taskId: string): void {
    const slot = this.slots.get(taskId);
    if (slot) slot.requesting = true;
  }

  /** Puts a task back after a wait (a backoff retry) or at once (a rate-limit retry or a pause). */
  requeue(taskId: string, delayMs = 0): void {
    if (delayMs <= 0) {
      this.queue.pushRetry(taskId);
      return;
    }
    this.backoffs.wait(taskId, delayMs, () => {
      this.queue.pushRetry(taskId);
      this.pump();
    });
  }

  /** A run-level error (bad key, quota, unknown model): stop everything with it. */
  fail(error: PacerError): void {
    void this.stop('stopped', error.message, error);
  }

  /** The server answered (success or an error that does not stop the run). */
  afterReply(): void {
    this.resizePool('auto', false);
    this.markProbed();
  }

  markProbed(): void {
    if (this.probed) return;
    this.probed = true;
    this.pump();
  }

  // ---- internals ----

  private pump(): void {
    const size = this.probed ? this.poolSize : 1;
    while (this.phase === 'running' && this.slots.size < size) {
      const taskId = this.queue.shift();
      if (taskId === undefined) break;
      if (isTerminal(this.view.get(taskId).status)) continue; // skipped while queued
      this.startSlot(taskId);
    }
    if ((this.phase === 'running' || this.phase === 'paused') && this.slots.size === 0 && this.backoffs.size === 0 && this.queue.size === 0) {
      this.end('completed');
    }
  }

  private startSlot(taskId: string): void {
    const controller = new AbortController();
    this.slots.set(taskId, { controller, requesting: false });
    runAttempt(this, taskId, controller.signal)
      .catch((error: unknown) => {
        // Only a failing listener (the store cannot write: a full disk) or a bug gets here.
        const message = error instanceof Error ? error.message : String(error);
        const code = (error as { code?: unknown } | undefined)?.code;
        this.fail({ code: typeof code === 'string' ? code : 'internal', message: `Pacer stopped the run: ${message}` });
      })
      .finally(() => {
        this.slots.delete(taskId);
        if (this.slots.size === 0) this.drained?.();
        this.pump();
      });
  }

  private async stop(outcome: RunOutcome, reason: string, error?: PacerError): Promise<void> {
    if (this.phase === 'finished' || this.phase === 'idle' || this.phase === 'stopping') return;
    this.phase = 'stopping';
    this.stopError = error;
    // Every limiter waiter belongs to a slot, and aborting the slots below releases them; the
    // limiter itself stays usable so that the run can be resumed.
    this.backoffs.endAll();
    const drained = new Promise<void>((resolve) => (this.drained = resolve));
    for (const slot of this.slots.values()) slot.controller.abort(reason);
    if (this.slots.size > 0) await drained;
    this.queue.drain();
    for (const task of this.view.tasks.values()) {
      if (!isTerminal(task.status)) this.emit({ type: 'task.cancelled', taskId: task.id, reason });
    }
    this.end(outcome);
  }

  private end(outcome: RunOutcome): void {
    this.phase = 'finished';
    this.backoffs.endAll();
    const counts = { ...this.view.counts };
    this.emit({ type: 'run.finished', outcome, counts, ...(this.stopError ? { error: this.stopError } : {}) });
    const finish = this.finish;
    this.finish = undefined;
    finish?.({ outcome, counts, ...(this.stopError ? { error: this.stopError } : {}) });
  }

  private resizePool(source: 'user' | 'server' | 'auto', announce: boolean): void {
    const limits = this.limiter.limits;
    let size: number;
    if (this.workersSetting === 'auto') {
      const pending = this.view.count('queued', 'waiting', 'running', 'retrying');
      const perRequest = this.averageTokens();
      const atOnce = this.limiter.atOnce();
      size = autoPoolSize({
        rpm: limits.rpm,
        tpm: limits.tpm,
        tokensPerRequest: perRequest,
        latencyMs: this.latency.estimateMs,
        burstRequests: Math.min(atOnce.requests, atOnce.tokens / perRequest),
        max: Math.max(1, Math.min(this.maxAutoWorkers, pending)),
      });
    } else {
      size = this.workersSetting;
    }
    const changed = size !== this.poolSize;
    this.poolSize = size;
    if ((changed || announce) && this.phase !== 'idle') {
      this.emit({ type: 'run.limits', limits, workers: size, source });
    }
  }

  private setInput(task: RunTask): void {
    const tokens = estimateRequestTokens(taskMessages(this.settings, task), this.settings.maxTokens, this.settings.model);
    this.tasks.set(task.id, { task, tokens });
    this.averageTokensCache = undefined;
  }

  private averageTokensCache: number | undefined;
  private averageTokens(): number {
    if (this.averageTokensCache === undefined) {
      let sum = 0;
      for (const { tokens } of this.tasks.values()) sum += tokens;
      this.averageTokensCache = Math.max(1, sum / Math.max(1, this.tasks.size));
    }
    return this.averageTokensCache;
  }
}

/** The user's advanced setting: how much may go at once, per dimension; unset ones are learned. */
function pinnedBurst(settings: RunSettings): { requests?: number; tokens?: number } {
  return { ...(settings.burst.requests !== null && { requests: settings.burst.requests }), ...(settings.burst.tokens !== null && { tokens: settings.burst.tokens }) };
}
