import type { BatchProgress, BatchRecord } from '../../../shared/domain/batch.ts';

/** Where a run's batches are kept (the store's BatchRepository, for one run). */
export interface BatchLedger {
  addPart(partId: string, taskIds: readonly string[], tokens: number): void;
  /** Its batch exists at the provider; the input file is unknown when the batch was found by its part id after a crash. */
  submitted(partId: string, batchId: string, inputFileId: string | null, status: BatchRecord['status']): void;
  progress(partId: string, progress: BatchProgress): void;
  collected(partId: string): void;
  forget(partId: string): void;
  list(): BatchRecord[];
}
