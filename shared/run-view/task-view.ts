import { assertTransition } from '../domain/task-transitions.ts';
import type { AttemptError } from '../domain/errors.ts';
import type { GateResult } from '../quality/evaluate-gates.ts';
import type { EngineEvent } from '../domain/events.ts';
import type { WaitReason, WaitSource } from '../domain/rate-limit.ts';
import type { TaskStatus, Usage } from '../domain/task.ts';

/**
 * What a task looks like to anyone watching the event stream. The engine's own bookkeeping, the
 * renderer's table and the tests all derive it with `nextTaskView`, so "what an event does to a
 * task" is defined once.
 */
export interface TaskView {
  readonly id: string;
  readonly index: number;
  readonly topic: string;
  readonly status: TaskStatus;
  /** Attempts started so far. */
  readonly attempts: number;
  /** Streamed so far in the current attempt. */
  readonly chars: number;
  readonly completionTokens: number;
  readonly usage?: Usage;
  /**
   * What the engine billed for the task: every attempt's cost as its event carried it (a reply, a
   * reply a gate rejected, output streamed before a drop), at the prices in force and the run's
   * tier, so a batch run counts at the batch price and a user's price overrides apply. Absent
   * while nothing was billed, or the model has no price. An engine's own view counts its start's
   * attempts; a snapshot (electron/app/run-snapshot.ts) carries every start's, from the store.
   */
  readonly costUsd?: number;
  readonly latencyMs?: number;
  readonly lastError?: AttemptError;
  readonly wait?: { readonly reason: WaitReason | 'retry'; readonly source?: WaitSource; readonly until: number };
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** The gates' verdict on its latest whole reply, when the run has gates. */
  readonly gates?: readonly GateResult[];
  /** Articles written again after failing a gate, this round. */
  readonly regenerations?: number;
}

export function newTaskView(id: string, index: number, topic: string, status: TaskStatus = 'queued', attempts = 0): TaskView {
  return { id, index, topic, status, attempts, chars: 0, completionTokens: 0 };
}

type TaskEvent = Extract<EngineEvent, { taskId: string }>;

export function isTaskEvent(event: EngineEvent): event is TaskEvent {
  return 'taskId' in event;
}

/** Applies one task event. Throws IllegalTransitionError on a status change the table forbids. */
export function nextTaskView(task: TaskView, event: TaskEvent): TaskView {
  const to = (status: TaskStatus, patch: Partial<TaskView> = {}): TaskView => {
    assertTransition(task.id, task.status, status);
    return { ...task, ...patch, status };
  };
  switch (event.type) {
    case 'task.queued':
      return to('queued', { wait: undefined });
    case 'task.waiting':
      return to('waiting', { wait: { reason: event.reason, until: event.at + event.waitMs } });
    case 'attempt.started':
      return to('running', {
        attempts: event.attempt,
        chars: 0,
        completionTokens: 0,
        wait: undefined,
        startedAt: task.startedAt ?? event.at,
        regenerations: event.regeneration,
      });
    case 'attempt.progress':
      return { ...task, chars: event.chars, completionTokens: event.completionTokens };
    case 'attempt.failed':
      return { ...task, lastError: event.error, latencyMs: event.latencyMs, ...billed(task, event.costUsd) };
    case 'retry.scheduled':
      return to('retrying', { wait: { reason: 'retry', source: event.source, until: event.at + event.delayMs } });
    case 'attempt.rejected':
      return to('retrying', { gates: event.gates, latencyMs: event.latencyMs, wait: undefined, ...billed(task, event.costUsd) });
    case 'task.done':
    case 'task.needs_review':
      return to(event.type === 'task.done' ? 'done' : 'needs_review', {
        usage: event.usage,
        latencyMs: event.latencyMs,
        completionTokens: event.usage.completionTokens,
        finishedAt: event.at,
        wait: undefined,
        gates: event.gates,
        ...billed(task, event.costUsd),
      });
    case 'task.failed':
      return to('failed', { lastError: event.error, finishedAt: event.at, wait: undefined });
    case 'task.cancelled':
      return to('cancelled', { finishedAt: event.at, wait: undefined });
    case 'task.skipped':
      return to('skipped', { finishedAt: event.at, wait: undefined });
  }
}

/** The task's bill with one more attempt's cost added; nothing when the event carried none. */
function billed(task: TaskView, costUsd: number | undefined): Pick<TaskView, 'costUsd'> {
  return costUsd === undefined ? {} : { costUsd: (task.costUsd ?? 0) + costUsd };
}
