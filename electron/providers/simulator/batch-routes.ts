import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { BatchAccount, BatchAccounts, StoredBatch } from './batch-store.ts';
import { badListLimit, batchNotFound, cannotCancel, fileNotFound, fileTooLarge, inputNotForBatch, notJsonl, notMultipart, onlyBatchPurpose } from './batch-errors.ts';
import { batchObject, fileObject } from './batch-view.ts';
import { authenticate, readBody, sendError, sendJson, sendText } from './http-io.ts';
import type { ErrorReply } from './openai-errors.ts';
import { bodyTooLarge, invalidJson, invalidUrl, invalidValue, missingParameter } from './openai-errors.ts';
import type { ResolvedOptions } from './options.ts';
import type { StatsRecorder } from './stats.ts';

/**
 * The Batch API: /v1/files (upload, metadata, content) and /v1/batches (create, get, cancel,
 * list), as the official SDK calls them. Nothing here is charged to the online RPM/TPM.
 */
export interface BatchApiState {
  readonly options: ResolvedOptions;
  readonly batches: BatchAccounts;
  readonly stats: StatsRecorder;
}

/** The one endpoint batches serve here, as OpenAI's chat batches do. */
const ENDPOINT = '/v1/chat/completions';
/** Room for the multipart envelope around the largest file allowed. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;
const MAX_JSON_BYTES = 1024 * 1024;

export function isBatchApiPath(path: string): boolean {
  return path === '/v1/files' || path.startsWith('/v1/files/') || path === '/v1/batches' || path.startsWith('/v1/batches/');
}

export function handleBatchApi(state: BatchApiState, req: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders, url: URL): void {
  const key = authenticate(req, state.options);
  if (typeof key !== 'string') return sendError(res, headers, key);
  const account = state.batches.forKey(key);
  const reply = { ok: (body: unknown) => sendJson(res, headers, 200, body), fail: (error: ErrorReply) => sendError(res, headers, error) };
  const [, , collection, id, action, ...rest] = url.pathname.split('/');
  const route = `${req.method} ${collection}${id === undefined ? '' : '/:id'}${action === undefined ? '' : `/${action}`}`;
  if (rest.length > 0 || id === '') return reply.fail(invalidUrl(req.method ?? 'GET', url.pathname));
  const target = decodeURIComponent(id ?? '');

  switch (route) {
    case 'POST files':
      return upload(state, account, req, reply);
    case 'GET files/:id': {
      const file = account.file(target);
      return file ? reply.ok(fileObject(file)) : reply.fail(fileNotFound(target));
    }
    case 'GET files/:id/content': {
      const file = account.file(target);
      return file ? sendText(res, headers, 200, file.content, 'application/octet-stream') : reply.fail(fileNotFound(target));
    }
    case 'POST batches':
      return readBody(req, MAX_JSON_BYTES, (body) => createBatch(state, account, body, reply));
    case 'GET batches':
      return listBatches(state, account, url.searchParams, reply);
    case 'GET batches/:id':
      return withBatch(state, account, target, reply, () => undefined);
    case 'POST batches/:id/cancel':
      return withBatch(state, account, target, reply, (batch, phase) => (account.cancel(batch, now(state)) ? undefined : cannotCancel(batch.id, phase)));
    default:
      return reply.fail(invalidUrl(req.method ?? 'GET', url.pathname));
  }
}

interface Reply {
  ok(body: unknown): void;
  fail(error: ErrorReply): void;
}

function now(state: BatchApiState): number {
  return state.options.clock.now();
}

function upload(state: BatchApiState, account: BatchAccount, req: IncomingMessage, reply: Reply): void {
  const limit = state.options.batch.maxFileBytes;
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    req.resume();
    return reply.fail(notMultipart());
  }
  readBody(req, limit + MULTIPART_OVERHEAD_BYTES, (body) => {
    if (body === null) return reply.fail(fileTooLarge(null, limit));
    // The WHATWG parser Node ships: no multipart code of our own to get wrong.
    new Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), { headers: { 'content-type': type } }).formData().then(
      async (form) => {
        const purpose = form.get('purpose');
        const file = form.get('file');
        if (typeof purpose !== 'string') return reply.fail(missingParameter('purpose'));
        if (file === null || typeof file === 'string') return reply.fail(missingParameter('file'));
        if (purpose !== 'batch') return reply.fail(onlyBatchPurpose(purpose));
        if (!file.name.toLowerCase().endsWith('.jsonl')) return reply.fail(notJsonl(file.name));
        if (file.size > limit) return reply.fail(fileTooLarge(file.size, limit));
        reply.ok(fileObject(account.addFile(file.name, 'batch', await file.text(), now(state))));
      },
      () => reply.fail(notMultipart()),
    );
  });
}

function createBatch(state: BatchApiState, account: BatchAccount, body: Buffer | null, reply: Reply): void {
  if (body === null) return reply.fail(bodyTooLarge(MAX_JSON_BYTES));
  const params = parseObject(body);
  if (params === null) return reply.fail(invalidJson());
  const { input_file_id: fileId, endpoint, completion_window: window, metadata } = params;
  if (!isText(fileId)) return reply.fail(missingParameter('input_file_id'));
  if (!isText(endpoint)) return reply.fail(missingParameter('endpoint'));
  if (!isText(window)) return reply.fail(missingParameter('completion_window'));
  if (endpoint !== ENDPOINT) return reply.fail(invalidValue('endpoint', `Invalid 'endpoint': the simulator runs batches for '${ENDPOINT}' only, got '${endpoint}'.`));
  if (window !== '24h') return reply.fail(invalidValue('completion_window', `Invalid 'completion_window': only '24h' is supported, got '${window}'.`));
  if (metadata !== undefined && metadata !== null && !isStringRecord(metadata)) {
    return reply.fail(invalidValue('metadata', "Invalid 'metadata': expected an object of string values."));
  }
  const inputFile = account.file(fileId);
  if (!inputFile) return reply.fail(fileNotFound(fileId));
  if (inputFile.purpose !== 'batch') return reply.fail(inputNotForBatch(fileId, inputFile.purpose));
  const { options } = state;
  const at = now(state);
  const batch = account.createBatch({ inputFile, endpoint, metadata: (metadata as Record<string, string> | undefined) ?? null }, options, state.batches.nextRandom(options.seed), at);
  reply.ok(batchObject(account, batch, account.settle(batch, at, options, state.stats)));
}

function withBatch(
  state: BatchApiState,
  account: BatchAccount,
  id: string,
  reply: Reply,
  act: (batch: StoredBatch, status: string) => ErrorReply | undefined,
): void {
  const batch = account.batch(id);
  if (!batch) return reply.fail(batchNotFound(id));
  const before = account.settle(batch, now(state), state.options, state.stats);
  const error = act(batch, before.status);
  if (error) return reply.fail(error);
  reply.ok(batchObject(account, batch, account.settle(batch, now(state), state.options, state.stats)));
}

/** A cursor page, newest first: `after` is the last id of the previous page. */
function listBatches(state: BatchApiState, account: BatchAccount, query: URLSearchParams, reply: Reply): void {
  const limitText = query.get('limit') ?? '20';
  const limit = Number(limitText);
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 100)) return reply.fail(badListLimit(limitText));
  const all = account.allBatches();
  const after = query.get('after');
  const start = after === null ? 0 : all.findIndex((batch) => batch.id === after) + 1;
  const page = all.slice(start, start + limit);
  const at = now(state);
  const data = page.map((batch) => batchObject(account, batch, account.settle(batch, at, state.options, state.stats)));
  reply.ok({ object: 'list', data, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: start + limit < all.length });
}

function parseObject(body: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isStringRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}
