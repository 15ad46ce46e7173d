import OpenAI, { toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import type { BatchProgress } from '../../shared/domain/batch.ts';
import { ProviderError } from './provider.ts';
import { toProviderError } from './openai-provider.ts';

/**
 * The Batch API as the batch runner needs it, through the official SDK (`maxRetries: 0`: the
 * runner owns every retry). Every failure is a ProviderError, as for chat completions.
 */
export interface RemoteBatch extends BatchProgress {
  readonly id: string;
  /** Why a batch failed validation, as the provider said it. */
  readonly errors: readonly { readonly code: string; readonly message: string }[];
  readonly metadata: Readonly<Record<string, string>>;
}

export interface BatchClient {
  /** Uploads a JSONL input file (purpose `batch`); returns its file id. */
  upload(filename: string, content: string): Promise<string>;
  create(inputFileId: string, metadata: Record<string, string>): Promise<RemoteBatch>;
  retrieve(batchId: string): Promise<RemoteBatch>;
  cancel(batchId: string): Promise<RemoteBatch>;
  /** The text of an output or error file. */
  content(fileId: string): Promise<string>;
  /** The most recent batch whose metadata holds `key: value`, among the last `scan` created. */
  find(key: string, value: string, scan?: number): Promise<RemoteBatch | undefined>;
}

export const BATCH_ENDPOINT = '/v1/chat/completions';

export function createBatchClient(endpoint: { readonly baseURL: string; readonly apiKey: string }, timeoutMs = 120_000): BatchClient {
  const client = new OpenAI({ baseURL: endpoint.baseURL, apiKey: endpoint.apiKey, maxRetries: 0, timeout: timeoutMs });
  const call = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw error instanceof ProviderError ? error : toProviderError(error, new AbortController().signal, {});
    }
  };
  return {
    upload: (filename, content) => call(async () => (await client.files.create({ file: await toFile(Buffer.from(content), filename), purpose: 'batch' })).id),
    create: (inputFileId, metadata) =>
      call(async () => toRemote(await client.batches.create({ input_file_id: inputFileId, endpoint: BATCH_ENDPOINT, completion_window: '24h', metadata }))),
    retrieve: (batchId) => call(async () => toRemote(await client.batches.retrieve(batchId))),
    cancel: (batchId) => call(async () => toRemote(await client.batches.cancel(batchId))),
    content: (fileId) => call(async () => (await client.files.content(fileId)).text()),
    find: (key, value, scan = 100) =>
      call(async () => {
        let seen = 0;
        for await (const batch of client.batches.list({ limit: Math.min(scan, 100) })) {
          if (batch.metadata?.[key] === value) return toRemote(batch);
          if (++seen >= scan) break;
        }
        return undefined;
      }),
  };
}

function toRemote(batch: Batch): RemoteBatch {
  return {
    id: batch.id,
    status: batch.status,
    total: batch.request_counts?.total ?? 0,
    completed: batch.request_counts?.completed ?? 0,
    failed: batch.request_counts?.failed ?? 0,
    outputFileId: batch.output_file_id ?? null,
    errorFileId: batch.error_file_id ?? null,
    errors: (batch.errors?.data ?? []).map((e) => ({ code: e.code ?? 'unknown', message: e.message ?? '' })),
    metadata: (batch.metadata ?? {}) as Record<string, string>,
  };
}
