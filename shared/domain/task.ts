/**
 * A task is one topic to run. Its status moves only through the transitions in
 * `task-transitions.ts`; the engine, the store and the UI all read the same union.
 */
export type TaskStatus =
  | 'queued' // not started yet
  | 'waiting' // admitted to run, waiting for request/token quota or the shared cool-down
  | 'running' // a request is in flight (streaming tokens)
  | 'retrying' // the last attempt failed and a retry is scheduled after a wait
  | 'done'
  | 'needs_review' // its article failed a quality gate after every regeneration: a person decides
  | 'failed'
  | 'cancelled'
  | 'skipped';

export const TERMINAL_STATUSES = ['done', 'needs_review', 'failed', 'cancelled', 'skipped'] as const satisfies readonly TaskStatus[];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export function isTerminal(status: TaskStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly TaskStatus[]).includes(status);
}

/** One input row: the topic and every other column, available to the template as `{{column}}`. */
export interface TaskInput {
  readonly index: number;
  readonly topic: string;
  readonly vars: Readonly<Record<string, string>>;
}

export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

export type StatusCounts = Record<TaskStatus, number>;

/**
 * Tasks a run is through with. Cancelled tasks are not among them: resuming the run sends them
 * again. Every progress figure (history, run view, taskbar) counts this way.
 */
export const FINISHED_STATUSES = ['done', 'needs_review', 'failed', 'skipped'] as const satisfies readonly TaskStatus[];

export function isFinished(status: TaskStatus): boolean {
  return (FINISHED_STATUSES as readonly TaskStatus[]).includes(status);
}

export function finishedCount(counts: StatusCounts): number {
  return counts.done + counts.needs_review + counts.failed + counts.skipped;
}

export function emptyCounts(): StatusCounts {
  return { queued: 0, waiting: 0, running: 0, retrying: 0, done: 0, needs_review: 0, failed: 0, cancelled: 0, skipped: 0 };
}
