import type { StatusCounts } from '../../shared/domain/task.ts';

/**
 * Tasks a run is through with: done, failed or skipped. Cancelled tasks are not finished, because
 * resuming the run sends them again. History, the run view and the Resume button all count this way.
 */
export function finishedCount(counts: StatusCounts): number {
  return counts.done + counts.failed + counts.skipped;
}

/** Whole percent, rounded down so that 100 % means nothing is left. */
export function finishedPercent(counts: StatusCounts, total: number): number {
  return total === 0 ? 0 : Math.floor((finishedCount(counts) / total) * 100);
}
