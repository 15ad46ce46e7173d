import type { ErrorDecision, ErrorKind } from '../../shared/domain/errors.ts';
import type { StoredTask } from '../../shared/domain/run-records.ts';
import { isTerminal } from '../../shared/domain/task.ts';
import type { TaskView } from '../../shared/run-view/task-view.ts';
import { newTaskView } from '../../shared/run-view/task-view.ts';

/**
 * A stored task as the UI's table shows it, for a run no engine is driving (finished, cancelled,
 * interrupted, or a draft). The store keeps the outcome, not the event stream, so what only the
 * stream knows (the last attempt's latency, a wait in progress) is absent. `billedUsd` is what its
 * attempts were billed (RunRepository.billedUsdByTask).
 */
export function storedTaskView(task: StoredTask, billedUsd: number | undefined): TaskView {
  return {
    ...newTaskView(task.id, task.index, task.topic, task.status, task.attempts),
    ...(task.usage && { usage: task.usage, completionTokens: task.usage.completionTokens }),
    ...(billedUsd !== undefined && { costUsd: billedUsd }),
    ...(task.error && { lastError: { kind: task.error.kind, decision: decisionFor(task.error.kind), message: task.error.message } }),
    // The store's last change to a finished task is its finish (an edited prompt aside).
    ...(isTerminal(task.status) && { finishedAt: task.updatedAt }),
    ...(task.gates && { gates: task.gates }),
    ...(task.regenerations > 0 && { regenerations: task.regenerations }),
  };
}

export function storedTaskViews(tasks: readonly StoredTask[], billedUsd: ReadonlyMap<string, number>): TaskView[] {
  return tasks.map((task) => storedTaskView(task, billedUsd.get(task.id)));
}

/**
 * The view with what the task was billed in every start of its run, in place of what one engine
 * saw. The store records every cost an event carries, so a task it has none for was billed nothing.
 */
export function withBilled(task: TaskView, billedUsd: number | undefined): TaskView {
  return billedUsd === undefined ? task : { ...task, costUsd: billedUsd };
}

/** What the engine did about an error that ended a task: the kinds that stop a run did, the rest failed the task. */
function decisionFor(kind: ErrorKind): ErrorDecision {
  return kind === 'auth' || kind === 'quota' || kind === 'model_not_found' ? 'stop_run' : 'fail_task';
}
