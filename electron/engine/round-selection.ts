import { isTerminal } from '../../shared/domain/task.ts';
import type { RunView } from '../../shared/run-view/run-view.ts';
import type { StartOptions } from './run-options.ts';

/** The tasks a start runs, each in a new round: every one not finished, and the finished ones `options` names. */
export function tasksForRound(view: RunView, options: StartOptions): string[] {
  const requeue = new Set(options.requeue ?? []);
  const named = new Set(options.tasks ?? []);
  return [...view.tasks.keys()].filter((taskId) => {
    const status = view.get(taskId).status;
    return !isTerminal(status) || requeue.has(status) || named.has(taskId);
  });
}
