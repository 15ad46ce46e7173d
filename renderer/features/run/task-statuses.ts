import type { TaskStatus } from '../../../shared/domain/task.ts';

/** Statuses in the order a task meets them: how counts and filters list them. */
export const TASK_STATUSES = ['queued', 'waiting', 'running', 'retrying', 'done', 'needs_review', 'failed', 'cancelled', 'skipped'] as const satisfies readonly TaskStatus[];
