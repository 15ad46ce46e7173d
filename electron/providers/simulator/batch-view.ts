import type { BatchAccount, StoredBatch, StoredFile } from './batch-store.ts';
import type { BatchMoments, BatchPhase } from './batch-timeline.ts';

/** File and Batch objects in the OpenAI API's shapes (timestamps in whole Unix seconds). */

export function fileObject(file: StoredFile): object {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes,
    created_at: seconds(file.createdAt),
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    status_details: null,
    expires_at: null,
  };
}

export function batchObject(account: BatchAccount, batch: StoredBatch, phase: BatchPhase): object {
  const moment = (key: keyof BatchMoments) => {
    const at = phase.moments[key];
    return at === undefined ? null : seconds(at);
  };
  const usage = batch.ended?.results.usage ?? { inputTokens: 0, outputTokens: 0 };
  return {
    id: batch.id,
    object: 'batch',
    endpoint: batch.endpoint,
    model: batch.model,
    errors: batch.errors && phase.status === 'failed' ? { object: 'list', data: batch.errors } : null,
    input_file_id: batch.inputFileId,
    completion_window: '24h',
    status: phase.status,
    output_file_id: batch.ended?.outputFileId ?? null,
    error_file_id: batch.ended?.errorFileId ?? null,
    created_at: seconds(batch.schedule.createdAt),
    in_progress_at: moment('in_progress_at'),
    expires_at: seconds(batch.schedule.expiresAt),
    finalizing_at: moment('finalizing_at'),
    completed_at: moment('completed_at'),
    failed_at: moment('failed_at'),
    expired_at: moment('expired_at'),
    cancelling_at: moment('cancelling_at'),
    cancelled_at: moment('cancelled_at'),
    request_counts: account.counts(batch, phase),
    usage: {
      input_tokens: usage.inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: usage.outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: usage.inputTokens + usage.outputTokens,
    },
    metadata: batch.metadata,
  };
}

function seconds(ms: number): number {
  return Math.floor(ms / 1_000);
}
