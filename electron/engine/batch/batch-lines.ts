import type { RunSettings } from '../../../shared/domain/settings.ts';
import { BATCH_ENDPOINT } from '../../providers/batch-client.ts';
import type { RunTask } from '../task-request.ts';
import { taskRequest } from '../task-request.ts';
import { estimateRequestTokens } from '../tokens/count-tokens.ts';

/**
 * One task as a line of a Batch API input file: the same request the online path sends (built by
 * taskRequest), with custom_id = the task's id so every result maps back to its task.
 */
export interface BatchLineItem {
  readonly taskId: string;
  /** The JSONL line, without its newline. */
  readonly line: string;
  /** UTF-8 bytes of the line and its newline. */
  readonly bytes: number;
  /** Prompt tokens it enqueues, estimated as admission does (the larger of tokenizer and chars/4). */
  readonly tokens: number;
}

export function batchLine(settings: RunSettings, task: RunTask): BatchLineItem {
  const request = taskRequest(settings, task);
  const line = JSON.stringify({
    custom_id: task.id,
    method: 'POST',
    url: BATCH_ENDPOINT,
    body: { model: request.model, messages: request.messages, max_tokens: request.maxTokens, temperature: request.temperature },
  });
  return { taskId: task.id, line, bytes: Buffer.byteLength(line) + 1, tokens: estimateRequestTokens(request.messages, 0, request.model) };
}

export function jsonlOf(items: readonly BatchLineItem[]): string {
  return items.map((item) => `${item.line}\n`).join('');
}
