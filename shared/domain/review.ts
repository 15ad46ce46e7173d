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

export function reviewItem(task: StoredTask): ReviewItem | null {
  if ((task.status !== 'done' && task.status !== 'needs_review') || task.resultText === null) return null;
  return {
    id: task.id,
    index: task.index,
    topic: task.topic,
    status: task.status,
    review: task.review,
    gates: task.gates,
    regenerations: task.regenerations,
    regenerationCostUsd: task.regenerationCostUsd,
    edited: task.editedAt !== null,
  };
}

/**
 * Which articles an export writes. By default every done one and each one that needed review and
 * was accepted; with `acceptedOnly` (the review grid's export) only those a person accepted. A
 * rejected article is never exported.
 */
export function isExportable(task: Pick<StoredTask, 'status' | 'review' | 'resultText'>, acceptedOnly: boolean): boolean {
  if (task.resultText === null || task.review === 'rejected') return false;
  if (task.status !== 'done' && task.status !== 'needs_review') return false;
  return acceptedOnly || task.status === 'needs_review' ? task.review === 'accepted' : true;
}
