import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { EngineEvent } from '../../shared/domain/events.ts';
import type { ServiceEvent } from '../../shared/domain/service-events.ts';
import type { LiveControls, RunSettings } from '../../shared/domain/settings.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import type { GateSettings } from '../../shared/quality/gate-settings.ts';
import { recheckEditedArticle } from '../../shared/quality/recheck-article.ts';
import type { ReviewVerdict } from '../../shared/domain/run-records.ts';
import { articleStands } from '../../shared/domain/review.ts';
import type { TaskInput, TaskStatus } from '../../shared/domain/task.ts';
import { isTerminal } from '../../shared/domain/task.ts';
import type { Clock } from '../engine/clock.ts';
import type { RunOptions, RunReadView, RunResult, StartOptions } from '../engine/run.ts';
import { Run } from '../engine/run.ts';
import type { RunTaskSeed } from '../engine/run-options.ts';
import { BatchRun } from '../engine/batch/batch-run.ts';
import type { BatchRunOptions } from '../engine/batch/batch-run.ts';
import { OnlineHandover } from '../engine/batch/online-handover.ts';
import { createBatchClient } from '../providers/batch-client.ts';
import { batchLedger } from '../store/batch-ledger.ts';
import type { BatchSummary } from '../../shared/domain/batch.ts';
import { batchSummary } from '../../shared/domain/batch.ts';
import { taskPrompt } from '../engine/task-request.ts';
import type { PriceTable } from '../../shared/pricing.ts';
import { priceFor } from '../../shared/pricing.ts';
import { spentBeforeUsd } from '../engine/budget/spent-before.ts';
import { RunExporter } from '../export/run-exporter.ts';
import type { ProviderPool } from '../providers/provider-pool.ts';
import { systemClock } from '../engine/clock.ts';
import { QuotaRegistry } from '../engine/quota/quota-registry.ts';
import type { QuotaHandle } from '../engine/quota/quota-registry.ts';
import type { QuotaStatus } from '../engine/quota/shared-quota.ts';
import type { KeyLane } from '../engine/keys/key-lanes.ts';
import type { ChatProvider } from '../providers/provider.ts';
import type { KeyEntry } from '../../shared/keys/parse-keys.ts';
import { keyLabel } from '../../shared/keys/parse-keys.ts';
import type { RunRepository } from '../store/run-repository.ts';
import { StoreError } from '../store/store-error.ts';

export interface NewRunRequest {
  readonly settings: RunSettings;
  readonly inputs: readonly TaskInput[];
  /** Where each article is written as soon as it finishes; none: export later. */
  readonly outDir?: string;
  /** @default its first topic (defaultRunName) */
  readonly name?: string;
}

/** What a start may change in a stored run's settings: a run stopped at its budget goes on with a higher one. */
export interface StartChange {
  /** The new budget in US dollars (null: none); left out, the stored one stays. Stored as the run starts. */
  readonly budgetUsd?: number | null;
}

export interface RunServiceOptions {
  readonly store: RunRepository;
  readonly providers: ProviderPool;
  readonly clock?: Clock;
  /** Batch runner tuning (poll schedule, batch limits), for tests and benchmarks. */
  readonly batch?: Pick<BatchRunOptions, 'poll' | 'limits' | 'handoverFloorMs'>;
  /** Engine tuning, for tests and benchmarks. */
  readonly engine?: Pick<RunOptions, 'maxAutoWorkers' | 'initialLatencyMs' | 'progressIntervalMs' | 'networkDelayMs' | 'unreachable'>;
  /**
   * redis://host:port/db: each quota is shared with every process pointed at this Redis; the
   * limits typed for a run are then the whole quota's, and this process's share follows from who
   * is active. A getter is read at every run start (the app's "Shared quota" setting).
   */
  readonly redisUrl?: string | (() => string | undefined);
  /**
   * A pool of keys to send with (each its own quota), in place of the provider's one key. Kept in
   * memory only: a resume is given them again. A getter is read at every run start (the app's
   * pool in its secret store); an empty pool means the provider's one key.
   */
  readonly keys?: readonly KeyEntry[] | (() => readonly KeyEntry[]);
  /** The prices in force, the user's overrides applied: each reply's cost and the budget. @default DEFAULT_PRICES */
  readonly prices?: PriceTable;
}

/** A run this service drives: from its start until its run.finished and last article on disk. */
interface Driven {
  /** Online, or through the Batch API (mode batch, or auto). */
  readonly run: Run | BatchRun;
  /** Counts up with every engine built, so the latest start sorts first. */
  readonly loaded: number;
  readonly exporter: RunExporter | undefined;
  exports: Promise<void>;
  readonly dispose: () => void;
  /** Tells how each of its quotas is shared now (quota.status), for a window that opens the run late. */
  readonly tellQuota: () => void;
}

/**
 * Runs as the app, the web host and the CLI use them: created in the store, driven by the engine
 * against the store (it hears every event first, so an attempt is on disk before its request
 * leaves and a result is stored in the transaction that marks it done), exported as they finish,
 * and resumable after a crash from what is stored.
 *
 * An engine lives from its start until its run has finished and its articles are written; then
 * it is let go, keeping only the seq of its last event, so that the next engine of that run (a
 * retry, a resume) continues the numbering its viewers follow.
 */
export class RunService {
  private readonly store: RunRepository;
  private readonly providers: ProviderPool;
  private readonly options: RunServiceOptions;
  /** Runs being loaded: a second start meanwhile is refused, a "retry now" waits for it. */
  private readonly preparing = new Map<string, Promise<Driven>>();
  private readonly driving = new Map<string, Driven>();
  private readonly lastSeqs = new Map<string, number>();
  private readonly listeners: ((event: ServiceEvent) => void)[] = [];
  /** One limiter per quota: runs on the same provider, key and model share it. */
  private readonly quotas: QuotaRegistry;
  private loads = 0;

  constructor(options: RunServiceOptions) {
    this.options = options;
    this.store = options.store;
    this.providers = options.providers;
    this.quotas = new QuotaRegistry({ clock: options.clock ?? systemClock, redisUrl: options.redisUrl, networkDelayMs: options.engine?.networkDelayMs });
  }

  on(listener: (event: ServiceEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Stores a new run (not started). Returns its id. */
  create(request: NewRunRequest): string {
    const id = randomUUID();
    this.store.createRun({
      id,
      ...(request.name !== undefined && { name: request.name }),
      settings: request.settings,
      outDir: request.outDir === undefined ? undefined : resolve(request.outDir),
      tasks: request.inputs.map((input) => ({
        id: String(input.index),
        index: input.index,
        topic: input.topic,
        vars: input.vars,
        prompt: taskPrompt(request.settings, { id: String(input.index), ...input }),
      })),
    });
    return id;
  }

  /**
   * Runs what is not finished: a new run, or a resume after a crash, a quit or a cancel. Only the
   * tasks not done are sent; articles done but not yet on disk are written first. Resolves when
   * the run has finished and its articles are written.
   */
  start(runId: string, requeue: readonly TaskStatus[] = ['cancelled'], change: StartChange = {}): Promise<RunResult> {
    return this.launch(runId, { requeue }, change).finished;
  }

  /** Puts failed tasks back, and those that need review, each with a fresh retry budget, and runs them. */
  retryFailed(runId: string, change: StartChange = {}): Promise<RunResult> {
    return this.start(runId, ['failed', 'needs_review', 'cancelled'], change);
  }

  /** Replaces the quality gates of a run that is not going (null: none); its next start checks with them. */
  setGates(runId: string, gates: GateSettings | null): void {
    if (this.preparing.has(runId) || this.isGoing(runId)) throw new StoreError('run_active', `Run "${runId}" is going; its gates can change once it has stopped.`);
    this.store.updateSettings(runId, { gates });
  }

  /** A new run with the same settings and inputs (edited prompts included). Returns its id. */
  duplicate(runId: string): string {
    const detail = this.requireRun(runId);
    const tasks = this.store.getTasks(runId);
    const id = randomUUID();
    this.store.createRun({
      id,
      name: detail.name,
      settings: detail.settings,
      outDir: detail.outDir ?? undefined,
      tasks: tasks.map((t) => ({ id: t.id, index: t.index, topic: t.topic, vars: t.vars, prompt: t.prompt })),
    });
    return id;
  }

  delete(runId: string): boolean {
    if (this.preparing.has(runId) || this.isGoing(runId)) throw new StoreError('run_active', `Run "${runId}" is going; cancel it before you delete it.`);
    this.lastSeqs.delete(runId);
    return this.store.deleteRun(runId);
  }

  /**
   * What a run has spent in its earlier starts, as its budget counts it: every recorded bill, and
   * each attempt a crash cut off at its worst case (spent-before.ts).
   */
  spentUsd(runId: string, settings: RunSettings = this.requireRun(runId).settings): number {
    return spentBeforeUsd(this.store.spentUsd(runId), this.store.interruptedAttemptTokens(runId), priceFor(settings.model, this.options.prices), settings.maxTokens);
  }

  /** True from a run's start until its run.finished (a pause included). */
  isGoing(runId: string): boolean {
    const phase = this.driving.get(runId)?.run.phase;
    return phase === 'running' || phase === 'paused' || phase === 'stopping';
  }

  /** Tells again how a run this service drives shares its quotas (quota.status), for a window that opened it late. */
  tellQuotaStatus(runId: string): void {
    this.driving.get(runId)?.tellQuota();
  }

  /** The live view of a run this service drives (going, or finished and writing its last articles). */
  view(runId: string): RunReadView | undefined {
    return this.driving.get(runId)?.run.view;
  }

  /** The seq of the last event of this run in this process, 0 if none: a snapshot from the store continues from it. */
  lastSeq(runId: string): number {
    return this.driving.get(runId)?.run.view.lastSeq ?? this.lastSeqs.get(runId) ?? 0;
  }

  /** A run's Batch API batches, their states and counts (none for an online run). */
  batches(runId: string): BatchSummary[] {
    return this.store.batches.list(runId).map(batchSummary);
  }

  pause(runId: string): void {
    this.requireGoing(runId).run.pause();
  }

  resume(runId: string): void {
    this.requireGoing(runId).run.resume();
  }

  /** Resolves once every task has ended and run.finished is stored. A run still loading is cancelled as it starts. */
  async cancel(runId: string): Promise<void> {
    const loading = this.whilePreparing(runId);
    if (loading) await loading;
    await this.driving.get(runId)?.run.cancel();
  }

  setControls(runId: string, controls: LiveControls): void {
    this.requireGoing(runId).run.setControls(controls);
  }

  skipTask(runId: string, taskId: string): boolean {
    return this.requireGoing(runId).run.skip(taskId);
  }

  /**
   * Runs one task again now (or cuts its backoff short). A run that is not going is started for
   * it; what could stop that (the run is gone, its export folder unusable) rejects this call, and
   * the rest of the run goes on in the background.
   */
  async retryTask(runId: string, taskId: string): Promise<void> {
    const loading = this.whilePreparing(runId);
    if (loading) await loading;
    const going = this.isGoing(runId) ? this.driving.get(runId) : undefined;
    if (going) {
      if (!going.run.retryTask(taskId)) throw new StoreError('task_busy', `Task "${taskId}" is already queued or in flight.`);
      return;
    }
    const task = this.store.getTask(runId, taskId);
    if (!task) throw new StoreError('not_found', `Run "${runId}" has no task "${taskId}".`);
    if (!isTerminal(task.status)) throw new StoreError('task_busy', `Task "${taskId}" has not been sent yet; start the run to send it.`);
    await this.launch(runId, { tasks: [taskId] }).started;
  }

  /** A reviewer's verdict on articles (null: undecided). Returns how many changed. */
  review(runId: string, taskIds: readonly string[], verdict: ReviewVerdict | null): number {
    return this.store.setReview(runId, taskIds, verdict);
  }

  /** Replaces an article with a reviewer's edit; the run's gates judge the new text (the near-duplicate verdict stands). */
  editArticle(runId: string, taskId: string, text: string): void {
    const detail = this.requireRun(runId);
    const task = this.store.getTask(runId, taskId);
    if (!task) throw new StoreError('not_found', `Run "${runId}" has no task "${taskId}".`);
    const gates = detail.settings.gates ? recheckEditedArticle(taskId, task.topic, text, detail.settings.gates, task.gates) : null;
    this.store.editArticle(runId, taskId, text, gates);
  }

  /** Writes the named articles again (each a new round with fresh budgets); a run that is not going starts for them. */
  async regenerate(runId: string, taskIds: readonly string[]): Promise<void> {
    for (const taskId of taskIds) await this.retryTask(runId, taskId);
  }

  /** Changes a task's prompt, in the store and in the engine driving it (refused while in flight). */
  setPrompt(runId: string, taskId: string, prompt: string): void {
    const going = this.isGoing(runId) ? this.driving.get(runId) : undefined;
    try {
      going?.run.setPrompt(taskId, prompt);
    } catch (error) {
      throw new StoreError('task_busy', error instanceof Error ? error.message : String(error));
    }
    this.store.updateTaskPrompt(runId, taskId, prompt);
  }

  /** Edits a task's prompt and runs it again. */
  async editPrompt(runId: string, taskId: string, prompt: string): Promise<void> {
    const loading = this.whilePreparing(runId);
    if (loading) await loading;
    this.setPrompt(runId, taskId, prompt);
    await this.retryTask(runId, taskId);
  }

  /** Runs going right now (running, paused or stopping), latest start first. */
  goingRunIds(): string[] {
    return [...this.driving.entries()]
      .filter(([runId]) => this.isGoing(runId))
      .sort(([, a], [, b]) => b.loaded - a.loaded)
      .map(([runId]) => runId);
  }

  /** Cancels every run still going, with a reason the store keeps; they can be resumed later. */
  async close(reason = 'Pacer was closed.'): Promise<void> {
    await Promise.allSettled([...this.preparing.values()]);
    await Promise.all(
      [...this.driving.values()].map(async (driven) => {
        // A batch goes on at the provider without us: the next start collects it, paying nothing twice.
        await (driven.run instanceof BatchRun ? driven.run.detach(reason) : driven.run.cancel(reason));
        await driven.exports;
      }),
    );
    this.quotas.close();
    await this.providers.close();
  }

  /**
   * Starts a fresh engine for a run that is not going, built from what is stored, so it starts
   * with the provider (and API key) as they are now. Registered before the first await and until
   * the engine has started, so two quick calls can never build two engines of one run.
   */
  private launch(runId: string, options: StartOptions, change: StartChange = {}): { started: Promise<Driven>; finished: Promise<RunResult> } {
    if (this.preparing.has(runId) || this.isGoing(runId)) {
      const refused = Promise.reject(new StoreError('run_active', `Run "${runId}" is already going.`));
      refused.catch(() => undefined);
      return { started: refused, finished: refused };
    }
    let result: Promise<RunResult> | undefined;
    const started = this.prepare(runId, change).then(
      (driven) => {
        this.preparing.delete(runId);
        this.driving.set(runId, driven);
        result = driven.run.start(options);
        return driven;
      },
      (error: unknown) => {
        this.preparing.delete(runId);
        throw error;
      },
    );
    this.preparing.set(runId, started);
    const finished = started.then(async (driven) => {
      const outcome = await result!;
      await driven.exports;
      this.release(runId, driven);
      return outcome;
    });
    // Callers await one or the other; neither may go unhandled.
    started.catch(() => undefined);
    finished.catch(() => undefined);
    return { started, finished };
  }

  /**
   * While the run is being loaded, a promise of its having started; undefined when it is not, so
   * that a caller who finds nothing loading acts at once, before any other call can start a load.
   */
  private whilePreparing(runId: string): Promise<void> | undefined {
    const pending = this.preparing.get(runId);
    if (!pending) return undefined;
    return pending.then(
      () => this.whilePreparing(runId),
      () => this.whilePreparing(runId),
    );
  }

  private async prepare(runId: string, change: StartChange): Promise<Driven> {
    // A finished engine may still be writing its last articles: its exporter must be done first.
    await this.driving.get(runId)?.exports;
    const detail = this.requireRun(runId);
    // The engine's run.started stores the settings it runs with, the new budget included.
    const settings = change.budgetUsd === undefined ? detail.settings : RunSettingsSchema.parse({ ...detail.settings, budgetUsd: change.budgetUsd });
    const tasks = this.store.getTasks(runId);
    const lanes = await this.lanes(settings);
    const { provider, quota, endpoint } = lanes[0]!;
    const exporter = detail.outDir ? await RunExporter.open(this.store, runId, detail.outDir) : undefined;
    const seeds = tasks.map((t) => ({
      id: t.id,
      index: t.index,
      topic: t.topic,
      vars: t.vars,
      prompt: t.prompt,
      status: t.status,
      attempts: t.attempts,
      ...(articleStands(t) && { text: t.resultText! }),
    }));
    const online = (onlineTasks: readonly RunTaskSeed[], lastSeq: number) =>
      new Run({
        ...this.options.engine,
        lastSeq,
        id: runId,
        settings,
        spentUsd: this.spentUsd(runId, settings),
        ...(this.options.prices && { prices: this.options.prices }),
        tasks: onlineTasks,
        provider,
        limiter: quota.limiter,
        ...(lanes.length > 1 && { keys: lanes.map(({ lane }) => lane) }),
        clock: this.options.clock,
      });
    const run =
      settings.mode === 'online'
        ? online(seeds, this.lastSeq(runId))
        : new BatchRun({
            ...this.options.batch,
            id: runId,
            settings,
            ...(this.options.prices && { prices: this.options.prices }),
            tasks: seeds,
            client: createBatchClient(endpoint, settings.requestTimeoutMs),
            ledger: batchLedger(this.store.batches, runId),
            online: new OnlineHandover((onlineTasks) => online(onlineTasks, 0)),
            clock: this.options.clock,
            lastSeq: this.lastSeq(runId),
          });
    const tellStatus = (lane: KeyLane, status: QuotaStatus) => this.tell({ type: 'quota.status', runId, ...status, ...(lanes.length > 1 && { key: lane.label }) });
    const disposers = [
      run.on(this.persist()),
      run.on((event) => this.tell(event)),
      ...(run instanceof BatchRun ? [run.onBatches((batches) => this.tell({ type: 'batch.status', runId, batches }))] : []),
      ...lanes.map(({ quota, lane }) => quota.onStatus((status) => tellStatus(lane, status))),
    ];
    const tellQuota = () => {
      for (const { quota, lane } of lanes) {
        const status = quota.status();
        if (status) tellStatus(lane, status);
      }
    };
    // How each quota is shared as the run starts, not only when that changes: one process alone on its Redis says so too.
    tellQuota();
    const driven: Driven = { run, loaded: ++this.loads, exporter, exports: Promise.resolve(), dispose: () => disposers.forEach((dispose) => dispose()), tellQuota };
    if (exporter) {
      disposers.push(run.on((event) => event.type === 'task.done' && this.queueExport(runId, driven, exporter, event.taskId)));
      await this.catchUpExports(runId, exporter);
    }
    return driven;
  }

  private release(runId: string, driven: Driven): void {
    driven.dispose();
    if (this.driving.get(runId) !== driven) return; // a newer engine of this run took over, and its seq
    this.lastSeqs.set(runId, driven.run.view.lastSeq);
    this.driving.delete(runId);
  }

  /**
   * The store hears each event before anything acts on it. If it cannot write, the run stops, and
   * every later event throws the same error without trying again: an `attempt.started` that is not
   * on disk must not send its request, and a `task.done` that is not on disk must not be reported
   * done (the article is paid for again on resume; reporting it kept would be a lie). The run's stop
   * swallows those throws while it winds down.
   */
  private persist(): (event: EngineEvent) => void {
    let broken: unknown;
    return (event) => {
      if (broken !== undefined) throw broken;
      try {
        this.store.applyEvent(event);
      } catch (error) {
        broken = error;
        throw error;
      }
    };
  }

  private queueExport(runId: string, driven: Driven, exporter: RunExporter, taskId: string): void {
    driven.exports = driven.exports.then(() => this.exportOne(runId, exporter, taskId));
  }

  private async exportOne(runId: string, exporter: RunExporter, taskId: string): Promise<void> {
    try {
      await exporter.exportTask(taskId);
      const path = this.store.getTask(runId, taskId)?.exportedPath;
      if (path) this.tell({ type: 'export.written', runId, taskId, path });
    } catch (error) {
      const e = error as { code?: string; message?: string };
      this.tell({ type: 'export.failed', runId, taskId, code: e.code ?? 'write_failed', message: e.message ?? String(error) });
    }
  }

  /** One lane per key: its provider and its quota (the provider's one key when no pool was given). */
  private async lanes(settings: RunSettings): Promise<{ lane: KeyLane; provider: ChatProvider; quota: QuotaHandle; endpoint: { baseURL: string; apiKey: string } }[]> {
    const { keys } = this.options;
    const pool = typeof keys === 'function' ? keys() : keys;
    const entries: readonly (KeyEntry | undefined)[] = pool?.length ? pool : [undefined];
    return Promise.all(
      entries.map(async (entry, index) => {
        const { provider, endpoint } = await this.providers.connect(settings.provider, entry?.key);
        const limits = { rpm: entry?.rpm ?? settings.rpm, tpm: entry?.tpm ?? settings.tpm, burst: settings.burst };
        const quota = await this.quotas.quotaFor({ ...endpoint, model: settings.model }, limits);
        const label = entry ? keyLabel(entry) : 'key';
        return { lane: { id: String(index), label, provider, limiter: quota.limiter }, provider, quota, endpoint };
      }),
    );
  }

  private async catchUpExports(runId: string, exporter: RunExporter): Promise<void> {
    const summary = await exporter.exportAll();
    for (const f of summary.failed) this.tell({ type: 'export.failed', runId, taskId: f.taskId, code: f.code, message: f.message });
  }

  private tell(event: ServiceEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private requireRun(runId: string) {
    const detail = this.store.getRun(runId);
    if (!detail) throw new StoreError('not_found', `Run "${runId}" does not exist.`);
    return detail;
  }

  private requireGoing(runId: string): Driven {
    const driven = this.isGoing(runId) ? this.driving.get(runId) : undefined;
    if (!driven) throw new StoreError('run_active', `Run "${runId}" is not going: start or resume it first.`);
    return driven;
  }
}
