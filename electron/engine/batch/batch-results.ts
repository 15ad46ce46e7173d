import type { AttemptError } from '../../../shared/domain/errors.ts';
import type { Usage } from '../../../shared/domain/task.ts';

/**
 * The lines of a batch's output and error files, mapped back to tasks by custom_id (they come in no
 * particular order). A task of the batch in neither file (a cancelled batch's unfinished lines) is
 * `missing`: it was not run, so it is sent again.
 */
export type LineResult =
  | { readonly kind: 'done'; readonly text: string; readonly usage: Usage }
  | { readonly kind: 'failed'; readonly error: AttemptError };

export interface MappedResults {
  readonly results: ReadonlyMap<string, LineResult>;
  readonly missing: readonly string[];
  /** Lines whose custom_id is none of the batch's tasks (a provider bug): ignored, counted for the report. */
  readonly strays: number;
}

interface ResultLine {
  readonly custom_id?: unknown;
  readonly response?: { readonly status_code?: unknown; readonly body?: unknown } | null;
  readonly error?: { readonly code?: unknown; readonly message?: unknown } | null;
}

export function mapBatchResults(taskIds: readonly string[], outputText: string, errorText: string): MappedResults {
  const wanted = new Set(taskIds);
  const results = new Map<string, LineResult>();
  let strays = 0;
  for (const line of [...jsonLines(outputText), ...jsonLines(errorText)]) {
    const id = typeof line.custom_id === 'string' ? line.custom_id : undefined;
    if (id === undefined || !wanted.has(id)) {
      strays++;
      continue;
    }
    const result = toResult(line);
    // A success outranks a failure of the same line, whatever order the files list them in.
    if (results.get(id)?.kind !== 'done') results.set(id, result);
  }
  return { results, missing: taskIds.filter((id) => !results.has(id)), strays };
}

function toResult(line: ResultLine): LineResult {
  const status = typeof line.response?.status_code === 'number' ? line.response.status_code : undefined;
  const body = line.response?.body as { choices?: { message?: { content?: unknown } }[]; usage?: Record<string, unknown>; error?: { code?: unknown; message?: unknown } } | undefined;
  if (status === 200 && body && !line.error) {
    const content = body.choices?.[0]?.message?.content;
    const u = body.usage ?? {};
    const promptTokens = numberOr(u.prompt_tokens, 0);
    const completionTokens = numberOr(u.completion_tokens, 0);
    if (typeof content === 'string') return { kind: 'done', text: content, usage: { promptTokens, completionTokens, totalTokens: numberOr(u.total_tokens, promptTokens + completionTokens) } };
  }
  const code = text(line.error?.code) ?? text(body?.error?.code);
  const message = text(line.error?.message) ?? text(body?.error?.message) ?? `The batch line failed${status === undefined ? '' : ` with HTTP ${status}`}.`;
  return { kind: 'failed', error: lineError(status, code, message) };
}

/** Expired, server-side and rate-limit failures are sent again; a request the server refuses as such is not. */
function lineError(status: number | undefined, code: string | undefined, message: string): AttemptError {
  const base = { message, ...(status !== undefined && { status }), ...(code !== undefined && { code }) };
  if (code === 'batch_expired') return { ...base, kind: 'timeout', decision: 'retry' };
  if (status === 429) return { ...base, kind: 'rate_limited', decision: 'retry' };
  if (status === undefined || status >= 500) return { ...base, kind: 'server_error', decision: 'retry' };
  return { ...base, kind: 'bad_request', decision: 'fail_task' };
}

function* jsonLines(text: string): Generator<ResultLine> {
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'object' && value !== null) yield value as ResultLine;
    } catch {
      // A torn line has no custom_id to map: its task shows up as missing and is sent again.
    }
  }
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
