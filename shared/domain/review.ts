import type { GateResult } from '../quality/evaluate-gates.ts';
import type { ReviewVerdict, StoredTask } from './run-records.ts';
import type { TaskStatus } from './task.ts';

/** One article in the review grid: what it is, what the gates said, and the reviewer's verdict. Its text is fetched when it is opened. */
export interface ReviewItem {
  readonly id: string;
  readonly index: number;
  readonly topic: string;
  readonly status: Extract<TaskStatus, 'done' | 'needs_review'>;
  readonly review: ReviewVerdict | null;
  readonly gates: readonly GateResult[] | null;
  readonly regenerations: number;
  /** What the replies the gates rejected cost at list prices (0 when the model's price is unknown). */
  readonly regenerationCostUsd: number;
  readonly edited: boolean;
}

/**
 * An article the run keeps: done, or needing review and accepted by a person; never a rejected
 * one. Exports write these, and later articles of the run must not nearly duplicate them.
 */
export function articleStands(task: Pick<StoredTask, 'status' | 'review' | 'resultText'>): boolean {
  if (task.resultText === null || task.review === 'rejected') return false;
  return task.status === 'done' || (task.status === 'needs_review' && task.review === 'accepted');
}

/** Which articles an export writes: those that stand, or with `acceptedOnly` (the review grid's export) only those a person accepted. */
export function isExportable(task: Pick<StoredTask, 'status' | 'review' | 'resultText'>, acceptedOnly: boolean): boolean {
  return articleStands(task) && (!acceptedOnly || task.review === 'accepted');
}
