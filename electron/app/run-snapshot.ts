import { assertNever } from '../../shared/assert-never.ts';
import type { RunStatus } from '../../shared/domain/run-records.ts';
import { isTerminal } from '../../shared/domain/task.ts';
import type { RunSnapshot } from '../../shared/ipc/contract.ts';
import type { RunPhase } from '../../shared/run-view/run-view.ts';
import type { TaskView } from '../../shared/run-view/task-view.ts';
import type { AppContext } from './app-context.ts';
import { requireRun } from './app-context.ts';
import { storedActivity } from './stored-activity.ts';
import { storedTaskView, storedTaskViews, withBilled } from './task-views.ts';

/**
 * What run.open answers. A run this process is driving is read from its engine's live view: it
 * is ahead of anything batched, and its `lastSeq` is the number its next event continues from, so
 * the renderer can apply only later events and tell a gap. Any other run is read from the store,
 * with the seq its last engine in this process ended at (0 if none: a new engine numbers from 1);
 * the store has written every event up to it.
 */
export function runSnapshot(context: AppContext, runId: string): RunSnapshot {
  const detail = requireRun(context, runId);
  const stored = context.store.getTasks(runId);
  // Read in the same step as the view below: the store has every attempt up to its lastSeq, each
  // start's included, where the engine saw only its own.
  const billed = context.store.billedUsdByTask(runId);
  const view = context.service.view(runId);
  if (!view) {
    return {
      detail,
      tasks: storedTaskViews(stored, billed),
      phase: phaseOf(detail.status),
      limits: detail.lastLimits?.limits ?? { rpm: detail.settings.rpm, tpm: detail.settings.tpm },
      ...(detail.lastLimits?.shapes && { shapes: detail.lastLimits.shapes }),
      workers: detail.lastLimits?.workers ?? 0,
      seq: context.service.lastSeq(runId),
      activity: storedActivity(context.store, runId),
      batches: context.service.batches(runId),
    };
  }
  const byId = new Map(stored.map((task) => [task.id, task]));
  // The engine was seeded from the store in input order, and a Map keeps insertion order. Tasks
  // that were finished when it was loaded have only a status there: their usage and error are stored.
  const tasks: TaskView[] = [];
  for (const task of view.tasks.values()) {
    const record = byId.get(task.id);
    const billedUsd = billed.get(task.id);
    tasks.push(record && isTerminal(task.status) && task.finishedAt === undefined && record.status === task.status ? storedTaskView(record, billedUsd) : withBilled(task, billedUsd));
  }
  // The store hears each event in the same synchronous step as the engine's view, so the stored
  // attempts are exactly those up to view.lastSeq: live events after it add to the chart, none twice.
  return {
    detail,
    tasks,
    phase: view.phase,
    limits: view.limits,
    ...(view.shapes && { shapes: view.shapes }),
    workers: view.workers,
    seq: view.lastSeq,
    activity: storedActivity(context.store, runId),
    batches: context.service.batches(runId),
  };
}

function phaseOf(status: RunStatus): RunPhase {
  switch (status) {
    case 'created':
    case 'interrupted':
      return 'idle';
    case 'running':
      return 'running';
    case 'paused':
      return 'paused';
    case 'completed':
    case 'cancelled':
    case 'stopped':
      return 'finished';
    default:
      return assertNever(status, 'run status');
  }
}
