import type { BatchLedger } from '../engine/batch/batch-ledger.ts';
import type { BatchRepository } from './batch-repository.ts';

/** One run's view of the batch table, as the batch runner writes it. */
export function batchLedger(batches: BatchRepository, runId: string): BatchLedger {
  return {
    addPart: (partId, taskIds, tokens) => batches.addPart(runId, partId, taskIds, tokens),
    submitted: (partId, batchId, inputFileId, status) => batches.submitted(runId, partId, batchId, inputFileId, status),
    progress: (partId, progress) => batches.progress(runId, partId, progress),
    collected: (partId) => batches.collected(runId, partId),
    forget: (partId) => batches.forget(runId, partId),
    list: () => batches.list(runId),
  };
}
