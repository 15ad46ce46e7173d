import type { ChatRequestBody } from './chat-request.ts';
import { isErrorReply, parseChatRequest } from './chat-request.ts';

/**
 * A batch's input file, checked line by line as OpenAI's validation step does. Problems are
 * reported with OpenAI's codes (invalid_json_line, duplicate_custom_id, url_mismatch,
 * model_mismatch, empty_file, too_many_tasks) and the 1-based line they are on; a batch with any
 * fails as a whole, and nothing in it runs.
 */
export interface BatchLine {
  readonly customId: string;
  readonly request: ChatRequestBody;
}

/** One entry of a failed batch's `errors.data`, in OpenAI's shape. */
export interface BatchLineError {
  readonly code: string;
  readonly message: string;
  readonly param: string | null;
  readonly line: number | null;
}

export type BatchInput = { readonly ok: true; readonly lines: readonly BatchLine[]; readonly model: string } | { readonly ok: false; readonly errors: readonly BatchLineError[] };

/** A failed batch lists at most this many problems; a file of 50,000 bad lines would otherwise be huge. */
export const MAX_REPORTED_ERRORS = 100;

export function parseBatchInput(text: string, endpoint: string, models: ReadonlySet<string>, maxRequests: number): BatchInput {
  const errors: BatchLineError[] = [];
  const lines: BatchLine[] = [];
  const lineOf = new Map<string, number>();
  let model: string | null = null;
  let modelLine = 0;
  let requests = 0;
  const report = (error: BatchLineError) => {
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
  };

  for (const [index, raw] of text.split('\n').entries()) {
    const at = index + 1;
    if (raw.trim() === '') continue;
    requests += 1;
    const line = checkLine(raw, at, endpoint, models);
    if ('code' in line) {
      report(line);
      continue;
    }
    const earlier = lineOf.get(line.customId);
    if (earlier !== undefined) {
      report(lineError('duplicate_custom_id', `The custom_id '${line.customId}' is on line ${earlier} and again here; each request needs its own custom_id.`, 'custom_id', at));
      continue;
    }
    lineOf.set(line.customId, at);
    if (model === null) {
      model = line.request.model;
      modelLine = at;
    } else if (line.request.model !== model) {
      report(lineError('model_mismatch', `Every request in a batch must use one model: line ${modelLine} uses '${model}', this line '${line.request.model}'.`, 'body.model', at));
      continue;
    }
    lines.push(line);
  }
  if (requests === 0) return { ok: false, errors: [lineError('empty_file', 'The input file has no requests: write one JSON request per line.', null, null)] };
  if (requests > maxRequests) {
    const tooMany = lineError('too_many_tasks', `The input file has ${requests} requests; a batch may have at most ${maxRequests}. Split them into several batches.`, null, null);
    return { ok: false, errors: [tooMany, ...errors].slice(0, MAX_REPORTED_ERRORS) };
  }
  if (errors.length > 0 || model === null) return { ok: false, errors };
  return { ok: true, lines, model };
}

function checkLine(raw: string, at: number, endpoint: string, models: ReadonlySet<string>): BatchLine | BatchLineError {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return lineError('invalid_json_line', 'This line is not parseable as valid JSON.', null, at);
  }
  if (!isObject(value)) return lineError('invalid_json_line', 'This line is valid JSON but not an object with custom_id, method, url and body.', null, at);
  const { custom_id: customId, method, url, body } = value;
  if (typeof customId !== 'string' || customId === '') return lineError('missing_required_parameter', `Missing or empty 'custom_id': every request needs a unique string id.`, 'custom_id', at);
  if (method !== 'POST') return lineError('invalid_value', `'method' must be 'POST', got ${JSON.stringify(method)}.`, 'method', at);
  if (url !== endpoint) return lineError('url_mismatch', `The url ${JSON.stringify(url)} does not match the batch's endpoint '${endpoint}'.`, 'url', at);
  if (!isObject(body)) return lineError('missing_required_parameter', `Missing 'body': the chat completion request to send.`, 'body', at);
  if (body.stream === true) return lineError('invalid_value', 'Streaming is not supported in a batch: leave out stream.', 'body.stream', at);
  const request = parseChatRequest(JSON.stringify(body), models);
  if (isErrorReply(request)) {
    const { code, message, param } = request.error;
    return lineError(code ?? 'invalid_request', message, param === null ? 'body' : `body.${param}`, at);
  }
  return { customId, request };
}

function lineError(code: string, message: string, param: string | null, line: number | null): BatchLineError {
  return { code, message, param, line };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
