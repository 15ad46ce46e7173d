import type { Database, Transaction } from 'better-sqlite3';
import { assertNever } from '../../shared/assert-never.ts';
import type { EngineEvent, EngineEventType, EventOf } from '../../shared/domain/events.ts';
import type { ErrorKind } from '../../shared/domain/errors.ts';
import type { WaitReason, WaitSource } from '../../shared/domain/rate-limit.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import type { TaskStatus } from '../../shared/domain/task.ts';
import type { DurableWrite } from './durable-writes.ts';
import { prepareEventStatements } from './event-statements.ts';
import type { EventStatements, Params } from './event-statements.ts';
import { StoreError, sqliteCode } from './store-error.ts';
import type { AttemptStatus, RunLimitsSnapshot, RunStatus } from './types.ts';
import { WaitTracker } from './wait-tracker.ts';

/**
 * Records the engine's events. The engine calls `apply` synchronously for every event before it
 * acts on it, so `attempt.started` is on disk before the request leaves and `task.done` commits the
 * result, the usage and the attempt's end in one transaction. Each event is one transaction; an
 * event that does not fit what was recorded (an unknown task, an attempt that never started)
 * throws a StoreError, and the engine must not act on it.
 *
 * Durability per event (see durable-writes.ts): 'durable' events are fsynced before `apply`
 * returns; 'relaxed' ones only reach the OS, which survives a crash, and are made durable by the
 * next durable one; `attempt.progress` is not written at all: it comes once per streamed chunk,
 * and a partial answer has no value after a crash (the request is sent again), while the full
 * text arrives with `task.done`.
 */
type Durability = 'durable' | 'relaxed' | 'not_stored';

const DURABILITY: Readonly<Record<EngineEventType, Durability>> = {
  'run.started': 'relaxed',
  'run.paused': 'relaxed',
  'run.resumed': 'relaxed',
  'run.limits': 'relaxed',
  'run.finished': 'durable',
  'task.queued': 'relaxed',
  'task.waiting': 'relaxed',
  'attempt.started': 'durable', // the request leaves right after: it may be billed
  'attempt.progress': 'not_stored',
  'attempt.failed': 'relaxed',
  'retry.scheduled': 'relaxed',
  'attempt.rejected': 'durable', // a paid reply, and the regeneration it spends
  'task.done': 'durable', // a paid result: losing it means paying again
  'task.needs_review': 'durable',
  'task.failed': 'relaxed',
  'task.cancelled': 'relaxed', // cancelling 10,000 queued tasks must not cost 10,000 fsyncs
  'task.skipped': 'relaxed',
};

export class EventWriter {
  private readonly durable: DurableWrite;
  private readonly waits = new WaitTracker();
  private readonly transaction: Transaction<(event: EngineEvent) => void>;
  private readonly sql: EventStatements;

  constructor(db: Database, durable: DurableWrite) {
    this.durable = durable;
    this.transaction = db.transaction((event: EngineEvent) => this.write(event));
    this.sql = prepareEventStatements(db);
  }

  apply(event: EngineEvent): void {
    const durability = DURABILITY[event.type];
    if (durability === 'not_stored') return;
    if (durability === 'durable') this.durable(() => this.transaction(event));
    else this.transaction(event);
  }

  private write(event: EngineEvent): void {
    const { runId } = event;
    const at = int(event.at);
    switch (event.type) {
      case 'run.started': {
        // Parsing strips unknown keys: whatever reaches here, no API key is ever stored.
        const settings = JSON.stringify(RunSettingsSchema.parse(event.settings));
        return this.requireRun(this.sql.runStarted.run({ runId, at, settings }).changes, event);
      }
      case 'run.paused':
        return this.setRunStatus(event, 'paused');
      case 'run.resumed':
        return this.setRunStatus(event, 'running');
      case 'run.limits': {
        const snapshot: RunLimitsSnapshot = { limits: event.limits, shapes: event.shapes, workers: event.workers, source: event.source, at };
        return this.requireRun(this.sql.runLimits.run({ runId, at, limits: JSON.stringify(snapshot) }).changes, event);
      }
      case 'run.finished': {
        const { changes } = this.sql.runFinished.run({
          runId,
          at,
          status: event.outcome,
          code: event.error?.code ?? null,
          message: event.error?.message ?? null,
        });
        this.requireRun(changes, event);
        return this.waits.forgetRun(runId);
      }
      case 'task.queued':
        this.closeAttempts(event, 'cancelled');
        this.setTaskStatus(event, 'queued');
        return this.waits.forget(runId, event.taskId);
      case 'task.waiting':
        this.setTaskStatus(event, 'waiting');
        return this.waits.note(runId, event.taskId, at, event.waitMs, sourceOfWait(event.reason));
      case 'attempt.started':
        return this.startAttempt(event, at);
      case 'attempt.progress':
        return; // not stored: filtered out in apply()
      case 'attempt.failed': {
        const { error } = event;
        const { changes } = this.sql.attemptFailed.run({
          ...this.attemptKey(event),
          at,
          status: error.kind === 'cancelled' ? 'cancelled' : 'failed',
          latencyMs: int(event.latencyMs),
          kind: error.kind,
          httpStatus: error.status ?? null,
          code: error.code ?? null,
          message: error.message,
          rateLimit: event.rateLimit ? JSON.stringify(event.rateLimit) : null,
          cost: event.costUsd ?? null,
        });
        return this.requireRunningAttempt(changes, event);
      }
      case 'retry.scheduled':
        this.setTaskStatus(event, 'retrying');
        return this.waits.note(runId, event.taskId, at, event.delayMs, event.source);
      case 'attempt.rejected':
        this.endAttempt(event, at);
        this.sql.taskRejected.run({ runId, taskId: event.taskId, at, cost: event.costUsd ?? 0 });
        return this.setTaskStatus(event, 'retrying');
      case 'task.done':
      case 'task.needs_review': {
        this.endAttempt(event, at);
        const { usage } = event;
        this.sql.taskReplied.run({
          runId,
          taskId: event.taskId,
          at,
          status: event.type === 'task.done' ? 'done' : 'needs_review',
          text: event.text,
          promptTokens: int(usage.promptTokens),
          completionTokens: int(usage.completionTokens),
          totalTokens: int(usage.totalTokens),
          cost: event.costUsd ?? null,
          gates: event.gates ? JSON.stringify(event.gates) : null,
        });
        return this.waits.forget(runId, event.taskId);
      }
      case 'task.failed':
        return this.endTask(event, 'failed', 'failed', event.error.kind, event.error.message);
      case 'task.cancelled':
        return this.endTask(event, 'cancelled', 'cancelled', 'cancelled', event.reason);
      case 'task.skipped':
        return this.endTask(event, 'skipped', 'cancelled', null, null);
      default:
        return assertNever(event, 'engine event');
    }
  }

  /** A whole reply ends its attempt ('ok': the request succeeded), with what the gates said of it and what it cost. */
  private endAttempt(event: EventOf<'task.done' | 'task.needs_review' | 'attempt.rejected'>, at: number): void {
    const ended = this.sql.attemptReplied.run({
      ...this.attemptKey(event),
      at,
      rejected: event.type === 'attempt.rejected' ? 1 : 0,
      latencyMs: int(event.latencyMs),
      rateLimit: event.rateLimit ? JSON.stringify(event.rateLimit) : null,
      gates: event.gates ? JSON.stringify(event.gates) : null,
      cost: event.costUsd ?? null,
    });
    this.requireRunningAttempt(ended.changes, event);
  }

  private startAttempt(event: EventOf<'attempt.started'>, at: number): void {
    const { runId, taskId } = event;
    const { changes } = this.sql.taskRunning.run({ runId, taskId, at, n: event.attempt });
    if (changes === 0) throw unknownTask(event);
    const wait = this.waits.waitBefore(runId, taskId, at);
    try {
      this.sql.attemptInsert.run({
        ...this.attemptKey(event),
        at,
        estimatedTokens: int(event.estimatedTokens),
        waitBeforeMs: int(wait.waitBeforeMs),
        waitSource: wait.source,
        regeneration: event.regeneration ?? 0,
      });
    } catch (error) {
      if (sqliteCode(error) !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
      throw new StoreError(
        'out_of_order',
        `Attempt ${event.attempt} of task "${taskId}" in run "${runId}" was already recorded; a resumed task must ` +
          `number its attempts from its stored count + 1.`,
        { cause: error },
      );
    }
    this.waits.forget(runId, taskId);
  }

  private endTask(
    event: EventOf<'task.failed' | 'task.cancelled' | 'task.skipped'>,
    status: TaskStatus,
    openAttemptStatus: AttemptStatus,
    kind: ErrorKind | null,
    message: string | null,
  ): void {
    this.closeAttempts(event, openAttemptStatus);
    const { changes } = this.sql.taskEnded.run({ runId: event.runId, taskId: event.taskId, at: int(event.at), status, kind, message });
    if (changes === 0) throw unknownTask(event);
    this.waits.forget(event.runId, event.taskId);
  }

  private setRunStatus(event: EngineEvent, status: RunStatus): void {
    this.requireRun(this.sql.runStatus.run({ runId: event.runId, at: int(event.at), status }).changes, event);
  }

  private setTaskStatus(event: EngineEvent & { readonly taskId: string }, status: TaskStatus): void {
    const key = { runId: event.runId, taskId: event.taskId };
    const { changes } = this.sql.taskStatus.run({ ...key, at: int(event.at), status });
    if (changes === 0 && this.sql.taskExists.get(key) === undefined) throw unknownTask(event);
  }

  private closeAttempts(event: EngineEvent & { readonly taskId: string }, status: AttemptStatus): void {
    this.sql.attemptsClose.run({ runId: event.runId, taskId: event.taskId, at: int(event.at), status });
  }

  private attemptKey(event: EngineEvent & { readonly taskId: string; readonly attempt: number }): Params {
    return { runId: event.runId, taskId: event.taskId, n: event.attempt };
  }

  private requireRun(changes: number, event: EngineEvent): void {
    if (changes === 0) {
      throw new StoreError('not_found', `Run "${event.runId}" is not in the store; cannot record ${event.type} (seq ${event.seq}).`);
    }
  }

  private requireRunningAttempt(changes: number, event: EngineEvent & { readonly taskId: string; readonly attempt: number }): void {
    if (changes === 0) {
      throw new StoreError(
        'out_of_order',
        `${event.type} for attempt ${event.attempt} of task "${event.taskId}" in run "${event.runId}" has no running ` +
          `attempt to end; attempt.started must be recorded first (seq ${event.seq}).`,
      );
    }
  }
}

/** task.waiting names a reason, not a source: the limiter's buckets and pool, or the shared cool-down. */
function sourceOfWait(reason: WaitReason): WaitSource {
  switch (reason) {
    case 'cooldown':
      return 'cooldown';
    case 'requests':
    case 'tokens':
    case 'concurrency':
      return 'limiter';
    default:
      return assertNever(reason, 'wait reason');
  }
}

function unknownTask(event: EngineEvent & { readonly taskId: string }): StoreError {
  return new StoreError(
    'not_found',
    `Task "${event.taskId}" of run "${event.runId}" is not in the store; cannot record ${event.type} (seq ${event.seq}).`,
  );
}

/** STRICT INTEGER columns refuse fractions (a latency from performance.now(), a fake clock's step). */
function int(value: number): number {
  return Math.round(value);
}
