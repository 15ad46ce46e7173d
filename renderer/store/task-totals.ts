import { isFinished } from '../../shared/domain/task.ts';
import type { TaskView } from '../../shared/run-view/task-view.ts';

/**
 * Sums over every task of the open run, kept like the per-status counts: an event takes the
 * changed task's old share out and puts its new one in. The header and the live controls read
 * these instead of the 10,000 tasks, so they neither walk every task nor re-render on every event.
 */
export interface TaskTotals {
  /** What the engine billed, every attempt of every task (task-view.ts `costUsd`). */
  readonly billedUsd: number;
  /** What the finished tasks were billed: the projection's cost per task. */
  readonly finishedBilledUsd: number;
  /** Tasks with a reply that came with no cost: the engine has no price for the model. */
  readonly unpriced: number;
  /** Attempts beyond the first. */
  readonly retries: number;
  /** Tasks held back on "concurrency" until the first reply's rate-limit headers: part of the probe. */
  readonly heldForProbe: number;
}

type Totals = { -readonly [K in keyof TaskTotals]: number };

export function emptyTotals(): TaskTotals {
  return { billedUsd: 0, finishedBilledUsd: 0, unpriced: 0, retries: 0, heldForProbe: 0 };
}

const KEYS = Object.keys(emptyTotals()) as (keyof TaskTotals)[];

export function totalsOf(tasks: Iterable<TaskView>): TaskTotals {
  const totals: Totals = { ...emptyTotals() };
  for (const task of tasks) {
    const share = shareOf(task);
    for (const key of KEYS) totals[key] += share[key];
  }
  return totals;
}

/** The totals with `before` replaced by `after`: the same object when the task's share is unchanged (a progress event). */
export function swapTask(totals: TaskTotals, before: TaskView, after: TaskView): TaskTotals {
  const out = shareOf(before);
  const into = shareOf(after);
  if (KEYS.every((key) => out[key] === into[key])) return totals;
  const next: Totals = { ...totals };
  for (const key of KEYS) next[key] += into[key] - out[key];
  return next;
}

function shareOf(task: TaskView): TaskTotals {
  const billed = task.costUsd ?? 0;
  return {
    billedUsd: billed,
    finishedBilledUsd: isFinished(task.status) ? billed : 0,
    unpriced: task.usage && task.costUsd === undefined ? 1 : 0,
    retries: Math.max(0, task.attempts - 1),
    heldForProbe: task.status === 'waiting' && task.wait?.reason === 'concurrency' ? 1 : 0,
  };
}
