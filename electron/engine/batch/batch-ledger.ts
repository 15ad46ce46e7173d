import type { BatchProgress, BatchRecord } from '../../../shared/domain/batch.ts';

/** Where a run's batches are kept (the store's BatchRepository, for one run). */
export interface BatchLedger {
  addPart(partId: string, taskIds: readonly string[], tokens: number): void;
  submitted(partId: string, batchId: string, inputFileId: string, status: BatchRecord['status']): void;
  progress(partId: string, progress: BatchProgress): void;
  collected(partId: string): void;
  forget(partId: string): void;
  list(): BatchRecord[];
}
