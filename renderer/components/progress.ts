import type { StatusCounts } from '../../shared/domain/task.ts';
import { finishedCount } from '../../shared/domain/task.ts';

/** Whole percent of the run finished (shared/domain/task.ts says what counts), rounded down so that 100 % means nothing is left. */
export function finishedPercent(counts: StatusCounts, total: number): number {
  return total === 0 ? 0 : Math.floor((finishedCount(counts) / total) * 100);
}
