import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { EngineEvent } from '../../shared/domain/events.ts';
import type { LiveControls, RunSettings } from '../../shared/domain/settings.ts';
import type { TaskInput, TaskStatus } from '../../shared/domain/task.ts';
import type { Clock } from '../engine/clock.ts';
import type { RunOptions, RunResult } from '../engine/run.ts';
import { Run } from '../engine/run.ts';
import { taskPrompt } from '../engine/task-request.ts';
import { RunExporter } from '../export/run-exporter.ts';
import type { ProviderPool } from '../providers/provider-pool.ts';
import type { RunRepository } from '../store/run-repository.ts';
import { StoreError } from '../store/store-error.ts';
import type { ServiceEvent } from '../../shared/domain/service-events.ts';

export interface NewRunRequest {
  readonly settings: RunSettings;
  readonly inputs: readonly TaskInput[];
  /** Where each article is written as soon as it finishes; none: export later. */
  readonly outDir?: string;
  /** @default its first topic (defaultRunName) */
  readonly name?: string;
}

export interface RunServiceOptions {
  readonly store: RunRepository;
  readonly providers: ProviderPool;
  readonly clock?: Clock;
  /** Engine tuning, for tests and benchmarks. */
  readonly engine?: Pick<RunOptions, 'burstSeconds' | 'maxAutoWorkers' | 'initialLatencyMs' | 'progressIntervalMs' | 'networkDelayMs'>;
}

interface Active {
  readonly run: Run;
  /** Counts up with every engine built, so the latest start sorts first. */
  readonly loaded: number;
  readonly exporter: RunExporter | undefined;
  exports: Promise<void>;
}

/**
 * Runs as the app, the web host and the CLI use them: created in the store, driven by the engine
 * against the store (it hears every event first, so an attempt is on disk before its request
 * leaves and a result is stored in the transaction that marks it done), exported as they finish,
 * and resumable after a crash from what is stored.
 */
export class RunService {
  private readonly store: RunRepository;
  private readonly providers: ProviderPool;
  private readonly options: RunServiceOptions;
  private readonly active = new Map<string, Active>();
  private readonly listeners: ((event: ServiceEvent) => void)[] = [];
  private loads = 0;

  constructor(options: RunServiceOptions) {
    this.options = options;
    this.store = options.store;
    this.providers = options.providers;
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
   * tasks not done are sent; articles done but not yet on disk are written first.
   */
  start(runId: string, requeue: readonly TaskStatus[] = ['cancelled']): Promise<RunResult> {
    return this.drive(runId, (run) => run.start({ requeue }));
  }

  /** Puts failed tasks back and runs them. */
  retryFailed(runId: string): Promise<RunResult> {
    return this.start(runId, ['failed', 'cancelled']);
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
    if (this.running(runId)) throw new StoreError('run_active', `Run "${runId}" is going; cancel it before you delete it.`);
    this.active.delete(runId);
    return this.store.deleteRun(runId);
  }

  pause(runId: string): void {
    this.requireActive(runId).run.pause();
  }

  resume(runId: string): void {
    this.requireActive(runId).run.resume();
  }

  async cancel(runId: string): Promise<void> {
    await this.active.get(runId)?.run.cancel();
  }

  setControls(runId: string, controls: LiveControls): void {
    this.requireActive(runId).run.setControls(controls);
  }

  skipTask(runId: string, taskId: string): boolean {
    const active = this.active.get(runId);
    if (active) return active.run.skip(taskId);
    throw new StoreError('run_active', `Run "${runId}" is not going: start or resume it to skip tasks.`);
  }

  /**
   * Runs one task again now (or cuts its backoff short). A run that is not going is started for
   * it; what could stop that (the run is gone, its export folder unusable) rejects this call, and
   * the rest of the run goes on in the background.
   */
  async retryTask(runId: string, taskId: string): Promise<void> {
    const going = this.running(runId) ? this.active.get(runId) : undefined;
    if (going) {
      if (!going.run.retryTask(taskId)) throw new StoreError('task_busy', `Task "${taskId}" is already queued or in flight.`);
      return;
    }
    const active = await this.prepare(runId);
    if (!active.run.retryTask(taskId)) throw new StoreError('task_busy', `Task "${taskId}" is already queued or in flight.`);
  }

  /** Edits a task's prompt (stored first) and runs it again. */
  async editPrompt(runId: string, taskId: string, prompt: string): Promise<void> {
    this.store.updateTaskPrompt(runId, taskId, prompt);
    this.active.get(runId)?.run.setPrompt(taskId, prompt);
    await this.retryTask(runId, taskId);
  }

  /** Runs going right now (running, paused or stopping), latest start first. */
  goingRunIds(): string[] {
    return [...this.active.entries()]
      .filter(([runId]) => this.running(runId))
      .sort(([, a], [, b]) => b.loaded - a.loaded)
      .map(([runId]) => runId);
  }

  /** The engine of a run this service is driving, if any (for live views). */
  engine(runId: string): Run | undefined {
    return this.active.get(runId)?.run;
  }

  /** Cancels every run still going, with a reason the store keeps; they can be resumed later. */
  async close(reason = 'Pacer was closed.'): Promise<void> {
    await Promise.all([...this.active.values()].map(async (a) => {
      await a.run.cancel(reason);
      await a.exports;
    }));
    this.active.clear();
    await this.providers.close();
  }

  private running(runId: string): boolean {
    const status = this.active.get(runId)?.run.status;
    return status !== undefined && status !== 'finished' && status !== 'idle';
  }

  private async drive(runId: string, go: (run: Run) => Promise<RunResult>): Promise<RunResult> {
    const active = await this.prepare(runId);
    const result = await go(active.run);
    await active.exports;
    return result;
  }

  /**
   * A fresh engine for a run that is not going, built from what is stored, so it starts with the
   * provider (and API key) as they are now, and writes first what finished but is not on disk yet.
   */
  private async prepare(runId: string): Promise<Active> {
    if (this.running(runId)) throw new StoreError('run_active', `Run "${runId}" is already going.`);
    const active = await this.load(runId);
    this.active.set(runId, active);
    if (active.exporter) await this.catchUpExports(runId, active.exporter);
    return active;
  }

  private async load(runId: string): Promise<Active> {
    const detail = this.requireRun(runId);
    const tasks = this.store.getTasks(runId);
    const run = new Run({
      ...this.options.engine,
      lastSeq: this.active.get(runId)?.run.view.lastSeq,
      id: runId,
      settings: detail.settings,
      tasks: tasks.map((t) => ({ id: t.id, index: t.index, topic: t.topic, vars: t.vars, prompt: t.prompt, status: t.status, attempts: t.attempts })),
      provider: await this.providers.get(detail.settings.provider),
      clock: this.options.clock,
    });
    const exporter = detail.outDir ? await RunExporter.open(this.store, runId, detail.outDir) : undefined;
    const active: Active = { run, loaded: ++this.loads, exporter, exports: Promise.resolve() };
    run.on(this.persist());
    run.on((event) => this.tell(event));
    if (exporter) run.on((event) => event.type === 'task.done' && this.queueExport(runId, active, exporter, event.taskId));
    return active;
  }

  /**
   * The store hears each event before anything acts on it. If it cannot write, the run stops:
   * an `attempt.started` that is not on disk must not send its request, so that one keeps
   * throwing; later events are dropped rather than crash the shutdown that reports the failure.
   */
  private persist(): (event: EngineEvent) => void {
    let broken: unknown;
    return (event) => {
      if (broken !== undefined) {
        if (event.type === 'attempt.started') throw broken;
        return;
      }
      try {
        this.store.applyEvent(event);
      } catch (error) {
        broken = error;
        throw error;
      }
    };
  }

  private queueExport(runId: string, active: Active, exporter: RunExporter, taskId: string): void {
    active.exports = active.exports.then(() => this.exportOne(runId, exporter, taskId));
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

  private requireActive(runId: string): Active {
    const active = this.active.get(runId);
    if (!active) throw new StoreError('run_active', `Run "${runId}" is not going.`);
    return active;
  }
}
