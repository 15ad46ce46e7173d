import type { TaskStatus } from './task.ts';

/**
 * Every legal task status change. Anything else is a bug, and `assertTransition` throws so tests
 * catch it. Terminal states may go back to `queued` only through an explicit retry or resume.
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  queued: ['waiting', 'running', 'cancelled', 'skipped'],
  waiting: ['running', 'queued', 'cancelled', 'skipped'],
  running: ['done', 'needs_review', 'failed', 'retrying', 'queued', 'cancelled', 'skipped'],
  retrying: ['waiting', 'running', 'queued', 'cancelled', 'skipped'],
  done: ['queued'],
  needs_review: ['queued'],
  failed: ['queued', 'skipped'],
  cancelled: ['queued', 'skipped'],
  skipped: ['queued'],
};

/** Staying in the same status (e.g. waiting for a new reason) is not a transition and always allowed. */
export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return from === to || TASK_TRANSITIONS[from].includes(to);
}

export class IllegalTransitionError extends Error {
  constructor(taskId: string, from: TaskStatus, to: TaskStatus) {
    super(`Illegal task transition for ${taskId}: ${from} -> ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertTransition(taskId: string, from: TaskStatus, to: TaskStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(taskId, from, to);
}
