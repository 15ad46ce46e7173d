import type { PacerError } from '../../shared/domain/errors.ts';
import type { BudgetStatus, EngineEvent, RunOutcome } from '../../shared/domain/events.ts';
import type { LiveControls, RunSettings } from '../../shared/domain/settings.ts';
import { isTerminal } from '../../shared/domain/task.ts';
import type { ModelPrice, PriceTable } from '../../shared/pricing.ts';
import { DEFAULT_PRICES, priceFor } from '../../shared/pricing.ts';
import { worstCaseUsd } from './budget/spent-before.ts';
import { newTaskView } from '../../shared/run-view/task-view.ts';
import type { AttemptHost, AttemptOutcome } from './attempt.ts';
import { runAttempt } from './attempt.ts';
import { BudgetGuard } from './budget/budget-guard.ts';
import type { Reservation } from './budget/budget-guard.ts';
import { budgetReachedError, budgetUnpricedError } from './budget/budget-reached.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { LatencyTracker } from './latency-tracker.ts';
import { pinnedBurst } from './limiter/pinned-burst.ts';
import { KeyLanes } from './keys/key-lanes.ts';
import { RateLimiter, RUN_NETWORK_DELAY_MS } from './limiter/rate-limiter.ts';
import type { Random } from './random.ts';
import type { RoutingContext } from './outcome-routing.ts';
import { routeOutcome } from './outcome-routing.ts';
import { runError } from './run-error.ts';
import { tasksForRound } from './round-selection.ts';
import { QualityCheck } from './quality-check.ts';
import { RunEvents } from './run-events.ts';
import type { RunOptions, EnginePhase, RunReadView, RunResult, StartOptions } from './run-options.ts';
import { ServerOutage } from './server-outage.ts';
import type { Slot } from './task-board.ts';
import { TaskBoard } from './task-board.ts';
import { WorkerPool } from './worker-pool.ts';

export type { RunOptions, EnginePhase, RunReadView, RunResult, RunTaskSeed, StartOptions } from './run-options.ts';

/**
 * One run: a scheduler that takes each task from the ready queue into a slot (limiter, then
 * provider) and routes each attempt's outcome to done, failed, a retry or a stop. Where each task
 * is lives in the TaskBoard; what each task's status is lives in the events, folded into a
 * RunView. Every change is an event; listeners run synchronously, in order, before the run acts
 * on it — so a store listening first has written an attempt before its request leaves.
 *
 * The event stream's guarantees: `seq` is contiguous; each start() emits one run.started and, in
 * the end, one run.finished; each task that enters a round (it is queued) ends it with exactly one
 * of task.done / task.needs_review / task.failed / task.cancelled / task.skipped. The one extra terminal event is a
 * skip of a task that already failed, which relabels it so that "retry failed" leaves it alone.
 */
export class Run {
  readonly id: string;
  private readonly settings: RunSettings;
  private readonly prices: PriceTable;
  /** The model's price, looked up once: the budget needs it for every request it admits. */
  private readonly price: ModelPrice | undefined;
  /** Present when the run has a budget: every request reserves its worst case here before it goes. */
  private readonly budget: BudgetGuard | undefined;
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly lanes: KeyLanes;
  private readonly latency: LatencyTracker;
  private readonly events: RunEvents;
  private readonly board: TaskBoard;
  private readonly pool: WorkerPool;
  private readonly outage: ServerOutage;
  private readonly attemptHost: AttemptHost;
  private readonly routing: RoutingContext;
  private readonly quality: QualityCheck | null;
  private current: EnginePhase = 'idle';
  /** Until the server has answered in this start, one request at a time: a bad key, a wrong model or an empty quota then costs one request, not a burst. */
  private probed = false;
  /** The server answered at least once in this start: a refused connection is then an outage, not a wrong address. */
  private reached = false;
  private stopping: { readonly outcome: RunOutcome; readonly reason: string; error?: PacerError } | undefined;
  private finish: ((result: RunResult) => void) | undefined;
  private ended: Promise<RunResult> | undefined;

  constructor(options: RunOptions) {
    this.id = options.id;
    this.settings = options.settings;
    this.prices = options.prices ?? DEFAULT_PRICES;
    this.price = priceFor(this.settings.model, this.prices);
    this.budget = this.settings.budgetUsd === null ? undefined : new BudgetGuard(this.settings.budgetUsd, options.spentUsd ?? 0);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.latency = new LatencyTracker(options.initialLatencyMs ?? 5_000);
    const seeds = options.tasks.map((t) => newTaskView(t.id, t.index, t.topic, t.status ?? 'queued', t.attempts ?? 0));
    this.events = new RunEvents(this.id, this.clock, seeds, options.lastSeq ?? 0);
    this.board = new TaskBoard({
      settings: this.settings,
      tasks: options.tasks,
      clock: this.clock,
      statusOf: (taskId) => this.events.view.get(taskId).status,
      onReady: () => this.pump(),
      onTimerError: (error) => this.fail(runError(error)),
    });
    this.lanes = new KeyLanes(
      options.keys ?? [
        {
          id: 'key',
          label: 'key',
          provider: options.provider,
          limiter:
            options.limiter ??
            new RateLimiter({ clock: this.clock, rpm: this.settings.rpm, tpm: this.settings.tpm, burst: pinnedBurst(this.settings), networkDelayMs: options.networkDelayMs ?? RUN_NETWORK_DELAY_MS }),
        },
      ],
    );
    this.pool = new WorkerPool(this.settings.workers, {
      limiter: this.lanes,
      latency: this.latency,
      averageTokens: () => this.board.averageTokens(),
      pending: () => this.events.view.count('queued', 'waiting', 'running', 'retrying'),
      maxAuto: options.maxAutoWorkers ?? 64,
    });
    this.outage = new ServerOutage(this.clock, () => this.guard(() => this.pump()), options.unreachable);
    const passed = options.tasks.flatMap((t) => (t.text !== undefined ? [{ id: t.id, text: t.text }] : []));
    this.quality = this.settings.gates ? new QualityCheck(this.settings.gates, passed) : null;
    this.attemptHost = this.makeAttemptHost(options.progressIntervalMs ?? 250);
    this.routing = this.makeRoutingContext();
  }

  /** What the limiter learns is announced while this run goes; a limiter shared with other runs outlives it. */
  private listenToLimiter(): () => void {
    return this.lanes.onLearned(() => {
      try {
        this.announceLimits('server', true);
      } catch (error) {
        this.attemptHost.callbackFailed(error);
      }
    });
  }

  /** Adds a listener; returns its disposer. Listeners run synchronously in the order added. */
  on(listener: (event: EngineEvent) => void): () => void {
    return this.events.on(listener);
  }

  get phase(): EnginePhase {
    return this.current;
  }

  /** Every task as the events left it, the counts, the limits: read-only. */
  get view(): RunReadView {
    return this.events.view;
  }

  /**
   * Runs every task not finished, and the finished ones `options` names, each in a new round with
   * a fresh retry budget. Resolves with the run's one outcome; never rejects.
   */
  start(options: StartOptions = {}): Promise<RunResult> {
    if (this.current !== 'idle' && this.current !== 'finished') throw new Error(`Run ${this.id} is already ${this.current}`);
    this.current = 'running';
    this.stopping = undefined;
    this.probed = false;
    this.reached = false;
    this.outage.reached();
    const stopListening = this.listenToLimiter();
    const ended = new Promise<RunResult>((resolve) => (this.finish = resolve)).finally(stopListening);
    this.ended = ended;
    this.guard(() => {
      const view = this.events.view;
      this.events.emit({ type: 'run.started', total: view.tasks.size, settings: this.settings });
      if (this.budget && !this.price) return this.fail(budgetUnpricedError(this.settings.model));
      for (const taskId of tasksForRound(view, options)) {
        this.board.newRound(taskId);
        if (view.get(taskId).status !== 'queued') this.events.emit({ type: 'task.queued', taskId });
        this.board.enqueue(taskId, 'fresh');
      }
      this.announceLimits('auto', true);
      this.pump();
    });
    return ended;
  }

  /** Requests in flight finish; nothing new starts; tasks waiting for quota go back to the queue. */
  pause(): void {
    if (this.current !== 'running') return;
    this.current = 'paused';
    this.guard(() => {
      this.events.emit({ type: 'run.paused' });
      this.board.abortWaiting();
    });
  }

  resume(): void {
    if (this.current !== 'paused') return;
    this.current = 'running';
    this.guard(() => {
      this.events.emit({ type: 'run.resumed' });
      this.pump();
    });
  }

  /** Aborts requests in flight; every unfinished task ends as cancelled. Resolves once run.finished is out. */
  async cancel(reason = 'Cancelled by the user.'): Promise<void> {
    this.stop('cancelled', reason);
    await this.ended;
  }

  /** Failed tasks start a new round; a run that is not going starts again for them. Returns how many. */
  retryFailed(): number {
    const failed = [...this.events.view.tasks.values()].filter((t) => t.status === 'failed').map((t) => t.id);
    if (failed.length === 0 || this.current === 'stopping') return 0;
    if (this.current === 'idle' || this.current === 'finished') void this.start({ requeue: ['failed'] });
    else for (const taskId of failed) this.retryTask(taskId);
    return failed.length;
  }

  /**
   * "Retry now": a finished task (failed, cancelled, skipped, or done after an edited prompt)
   * starts a new round, a task waiting out a backoff stops waiting; either gets a fresh budget. A
   * run that is not going starts again for it. False when the task is already queued or in flight.
   */
  retryTask(taskId: string): boolean {
    const status = this.events.view.get(taskId).status;
    if (this.current === 'idle' || this.current === 'finished') {
      if (!isTerminal(status)) return false;
      void this.start({ tasks: [taskId] });
      return true;
    }
    const place = this.board.placeOf(taskId);
    if (this.current === 'stopping' || !(place === 'backoff' || (place === 'idle' && isTerminal(status)))) return false;
    this.guard(() => {
      this.board.newRound(taskId);
      if (place === 'idle') this.events.emit({ type: 'task.queued', taskId });
      this.board.enqueue(taskId, 'retry');
      this.pump();
    });
    return true;
  }

  /** Skips a task of a going run that has not finished (one in flight is aborted), or relabels a failed one; an article that needs review is the reviewer's. */
  skip(taskId: string): boolean {
    const status = this.events.view.get(taskId).status;
    if (this.current !== 'running' && this.current !== 'paused') return false;
    if (status === 'done' || status === 'needs_review' || status === 'skipped') return false;
    if (this.board.abortSlot(taskId, 'skip')) return true; // the attempt ends it as skipped
    this.guard(() => {
      this.events.emit({ type: 'task.skipped', taskId });
      this.board.settle(taskId);
      this.pump();
    });
    return true;
  }

  /** Replaces a task's prompt (a per-task edit); refused while an attempt holds it. */
  setPrompt(taskId: string, prompt: string): void {
    if (this.board.placeOf(taskId) === 'slot') {
      throw new Error(`Task ${taskId} is in flight: skip it or wait for it to finish before editing its prompt`);
    }
    this.board.setInput({ ...this.board.input(taskId), prompt });
  }

  /** Live limits and pool size; a bad limit throws before anything changes. */
  setControls(controls: LiveControls): void {
    if (controls.rpm !== undefined || controls.tpm !== undefined) this.lanes.setLimits({ rpm: controls.rpm, tpm: controls.tpm });
    if (controls.workers !== undefined) this.pool.workers = controls.workers;
    this.guard(() => {
      this.announceLimits('user', true);
      this.pump();
    });
  }

  // ---- scheduling ----

  private pump(): void {
    if (this.current === 'running' && !this.outage.holding) {
      const size = this.probed ? this.pool.size : 1;
      while (this.board.slotCount < size) {
        const next = this.board.peek();
        if (next === undefined) break;
        const hold = this.admitToBudget(next);
        if (hold === 'short') {
          // Requests in flight may cost less than reserved and free enough; once none is, the run stops.
          if (this.board.slotCount === 0) return this.fail(budgetReachedError(this.budget!, this.worstCaseUsd(next), this.tasksLeft()));
          break;
        }
        this.launch(this.board.take()!, hold);
      }
    }
    if ((this.current === 'running' || this.current === 'paused') && !this.board.busy) this.end('completed');
  }

  /** The budget's hold on the next request's worst case: none without a budget, 'short' when what is left cannot cover it. */
  private admitToBudget(taskId: string): Reservation | undefined | 'short' {
    if (!this.budget) return undefined;
    return this.budget.reserve(this.worstCaseUsd(taskId)) ?? 'short';
  }

  /** The prompt as the engine estimates it (what TPM reserves) and every max_tokens of output, at the model's price. */
  private worstCaseUsd(taskId: string): number {
    const { maxTokens } = this.settings;
    return worstCaseUsd(this.price!, this.board.tokens(taskId), maxTokens);
  }

  private tasksLeft(): number {
    return this.events.view.count('queued', 'waiting', 'running', 'retrying', 'cancelled');
  }

  private launch(slot: Slot, reservation: Reservation | undefined): void {
    const job = { slot, request: this.board.request(slot.taskId), tokens: this.board.tokens(slot.taskId) };
    runAttempt(this.attemptHost, job).then(
      (outcome) => this.afterAttempt(slot, outcome, reservation),
      (error: unknown) => this.afterAttempt(slot, { kind: 'broken', error }, reservation),
    );
  }

  private afterAttempt(slot: Slot, outcome: AttemptOutcome, reservation: Reservation | undefined): void {
    try {
      // What the provider billed, before routing: a retry routed now may already use what it freed.
      if (reservation) this.budget!.settle(reservation, billedUsd(outcome));
      routeOutcome(this.routing, slot, outcome);
    } catch (error) {
      this.board.dropSlot(slot);
      this.fail(runError(error));
    }
    if (this.current !== 'stopping') this.guard(() => this.pump());
    else if (this.board.slotCount === 0) this.end(this.stopping!.outcome);
  }

  /** The server answered (a token, a reply, an HTTP error that does not stop the run). */
  private answered(): void {
    this.reached = true;
    this.outage.reached();
    if (this.probed) return;
    this.probed = true;
    this.pump();
  }

  // ---- stopping ----

  /** A run-level error (bad key, quota, unknown model, a store that cannot write): stop with it. */
  private fail(error: PacerError): void {
    if (this.stopping && !this.stopping.error) this.stopping.error = error;
    this.stop('stopped', error.message, error);
  }

  private stop(outcome: RunOutcome, reason: string, error?: PacerError): void {
    if (this.current !== 'running' && this.current !== 'paused') return;
    this.current = 'stopping';
    this.stopping = { outcome, reason, ...(error && { error }) };
    this.outage.end();
    const view = this.events.view;
    // Tasks not in a slot end now; those in one end when their attempt does (afterAbort).
    for (const taskId of view.tasks.keys()) {
      if (isTerminal(view.get(taskId).status) || this.board.abortSlot(taskId, 'stop', reason)) continue;
      this.quietly(() => this.events.emit({ type: 'task.cancelled', taskId, reason }));
      this.quietly(() => this.board.settle(taskId));
    }
    if (this.board.slotCount === 0) this.end(outcome);
  }

  private end(outcome: RunOutcome): void {
    this.current = 'finished';
    this.outage.end();
    const counts = { ...this.events.view.counts };
    let error = this.stopping?.error;
    let final = outcome;
    const budget = this.budgetStatus();
    try {
      this.events.emit({ type: 'run.finished', outcome, counts, ...(error && { error }), ...(budget && { budget }) });
    } catch (thrown) {
      // Nothing is left to stop: the caller learns it from the result.
      error ??= runError(thrown);
      final = 'stopped';
    }
    const finish = this.finish;
    this.finish = undefined;
    finish?.({ outcome: final, counts, ...(error && { error }), ...(budget && { budget }) });
  }

  private budgetStatus(): BudgetStatus | undefined {
    return this.budget && { limitUsd: this.budget.limitUsd, spentUsd: this.budget.spentUsd };
  }

  /** Runs an action of the run's own; what it throws stops the run instead of escaping. */
  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.fail(runError(error));
    }
  }

  /** For events of a stop already under way: a failing listener is noted, the stop goes on. */
  private quietly(action: () => void): void {
    try {
      action();
    } catch (error) {
      if (this.stopping && !this.stopping.error) this.stopping.error = runError(error);
    }
  }

  /**
   * run.limits: the limits in force and the pool size, when the user changed them (`user`), the
   * server's headers taught the limiter new ones (`server`), or the auto pool resized (`auto`).
   */
  private announceLimits(source: 'user' | 'server' | 'auto', always: boolean): void {
    const changed = this.pool.resize();
    const going = this.current === 'running' || this.current === 'paused' || this.current === 'stopping';
    if (!(changed || always) || !going) return;
    const keys = this.lanes.statuses();
    this.events.emit({ type: 'run.limits', limits: this.lanes.limits, shapes: this.lanes.shapes, ...(keys.length > 1 && { keys }), workers: this.pool.size, source });
  }

  private makeAttemptHost(progressIntervalMs: number): AttemptHost {
    return {
      settings: this.settings,
      clock: this.clock,
      prices: this.prices,
      lanes: this.lanes,
      progressIntervalMs,
      emit: (body) => this.events.emit(body),
      started: (slot, estimatedTokens) => {
        this.board.markRequesting(slot);
        this.board.countAttempt(slot.taskId);
        const attempt = this.events.view.get(slot.taskId).attempts + 1;
        const regeneration = this.board.regenerations(slot.taskId);
        this.events.emit({ type: 'attempt.started', taskId: slot.taskId, attempt, estimatedTokens, ...(regeneration > 0 && { regeneration }) });
        return attempt;
      },
      firstToken: () => this.answered(),
      // Deferred: the limiter or the stream is mid-call and must not see the run stop under it.
      callbackFailed: (error) => queueMicrotask(() => this.fail(runError(error))),
    };
  }

  private makeRoutingContext(): RoutingContext {
    return {
      settings: this.settings,
      clock: this.clock,
      random: this.random,
      events: this.events,
      board: this.board,
      lanes: this.lanes,
      latency: this.latency,
      outage: this.outage,
      quality: this.quality,
      stopReason: () => this.stopping?.reason,
      reachedServer: () => this.reached,
      answered: () => this.answered(),
      fail: (error) => this.fail(error),
      probeAgain: () => {
        this.probed = false;
      },
      replied: () => this.announceLimits('auto', false),
      keysChanged: () => this.announceLimits('server', true),
    };
  }
}

/** What an attempt was billed: a reply's usage, output streamed before a failure, else nothing. */
function billedUsd(outcome: AttemptOutcome): number {
  return outcome.kind === 'done' || outcome.kind === 'failed' ? (outcome.costUsd ?? 0) : 0;
}
