/**
 * One Batch API batch of a run, as the store keeps it and the UI shows it. A part is one slice of
 * the run's tasks; it gets a provider batch once submitted (`batchId`), is polled until it ends,
 * and its results are applied once (`collected`).
 */
export type BatchStatus =
  | 'submitting' // stored, not yet created at the provider
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

/** What a poll learns of a batch. */
export interface BatchProgress {
  readonly status: BatchStatus;
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  readonly outputFileId: string | null;
  readonly errorFileId: string | null;
}

/** Statuses after which a batch changes no more: its files can be read. */
export const ENDED_BATCH_STATUSES: readonly BatchStatus[] = ['failed', 'completed', 'expired', 'cancelled'];

export function isBatchEnded(status: BatchStatus): boolean {
  return ENDED_BATCH_STATUSES.includes(status);
}

export interface BatchRecord extends BatchProgress {
  readonly runId: string;
  readonly partId: string;
  readonly batchId: string | null;
  readonly inputFileId: string | null;
  readonly taskIds: readonly string[];
  /** Prompt tokens it puts in the provider's queue, against the enqueued-token limit. */
  readonly tokens: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly collected: boolean;
}

/** What the run view shows of one batch. */
export type BatchSummary = Pick<BatchRecord, 'partId' | 'batchId' | 'status' | 'total' | 'completed' | 'failed' | 'createdAt' | 'collected'>;

export function batchSummary(record: BatchRecord): BatchSummary {
  const { partId, batchId, status, total, completed, failed, createdAt, collected } = record;
  return { partId, batchId, status, total, completed, failed, createdAt, collected };
}
