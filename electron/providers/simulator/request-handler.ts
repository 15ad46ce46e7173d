import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RandomSource } from './seeded-random.ts';
import { seededRandom } from './seeded-random.ts';
import { assertNever } from '../../../shared/assert-never.ts';
import type { ChatRequestBody } from './chat-request.ts';
import { isErrorReply, parseChatRequest } from './chat-request.ts';
import { later, sendJsonReply, sendStreamReply } from './chat-reply.ts';
import { composeArticle, composeRefusal } from './completion-text.ts';
import type { CutKind } from './faults.ts';
import { drawRequest } from './faults.ts';
import { RateLimits } from './limits.ts';
import { bodyTooLarge, insufficientQuota, invalidUrl, modelNotFound, overloaded, rejected, serverError } from './openai-errors.ts';
import { authenticate, readBody, sendError, sendJson } from './http-io.ts';
import type { ResolvedOptions } from './options.ts';
import { usageBody } from './reply-format.ts';
import { StatsRecorder } from './stats.ts';
import { handleBatchApi, isBatchApiPath } from './batch-routes.ts';
import { BatchAccounts } from './batch-store.ts';

/**
 * Routes and answers every request. The order of checks follows OpenAI's: key, body, model,
 * quota, size, rate limit; only then is the request admitted (and charged), and only admitted
 * requests meet injected faults, as on the real service where a 500 has already used budget.
 * The Batch API's routes are in batch-routes.ts.
 */
export interface SimulatorState {
  options: ResolvedOptions;
  readonly limits: RateLimits;
  readonly stats: StatsRecorder;
  /** Per admitted request, in arrival order: fault, jitter, drop point. */
  readonly random: RandomSource;
  /** Per 429, its own stream so header omission does not shift the fault sequence. */
  readonly headerRandom: RandomSource;
  /** Per successful reply, whether it is a refusal: its own stream, like headerRandom. */
  readonly replyRandom: RandomSource;
  /** Responses not yet closed, so close() can wait until every one has been counted out. */
  readonly open: Set<ServerResponse>;
  /** The Batch API's files and batches, per key. */
  readonly batches: BatchAccounts;
}

export function createState(options: ResolvedOptions): SimulatorState {
  return {
    options,
    limits: new RateLimits(),
    stats: new StatsRecorder(options.trackPrompts, options.trackArrivals),
    random: seededRandom(options.seed),
    headerRandom: seededRandom(options.seed ^ 0x5bd1e995),
    replyRandom: seededRandom(options.seed ^ 0x2545f491),
    open: new Set(),
    batches: new BatchAccounts(),
  };
}

const CUT_COUNTERS = { drop: 'drops', truncate: 'truncations', reset: 'resets', stall: 'stalls' } as const;

/** Well above a full 128k-token context (about 512 kB of text). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MODEL_CREATED = 1_700_000_000;

export function handleRequest(state: SimulatorState, req: IncomingMessage, res: ServerResponse): void {
  state.open.add(res);
  res.once('close', () => state.open.delete(res));
  const base: OutgoingHttpHeaders = {
    'x-request-id': `req_${randomUUID().replaceAll('-', '')}`,
    'openai-organization': 'org-sim',
    'openai-version': '2020-10-01',
    connection: 'keep-alive',
  };
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = url.pathname;
  if (req.method === 'POST' && path === '/v1/chat/completions') return handleChat(state, req, res, base);
  if (req.method === 'GET' && (path === '/v1/models' || path.startsWith('/v1/models/'))) return handleModels(state, req, res, base, path);
  if (isBatchApiPath(path)) return handleBatchApi(state, req, res, base, url);
  sendError(res, base, invalidUrl(req.method ?? 'GET', path));
}

function handleChat(state: SimulatorState, req: IncomingMessage, res: ServerResponse, base: OutgoingHttpHeaders): void {
  const { stats } = state;
  stats.add('requests');
  stats.add('inFlight');
  res.once('close', () => stats.add('inFlight', -1));
  const key = authenticate(req, state.options);
  if (typeof key !== 'string') {
    stats.add('authErrors');
    return sendError(res, base, key);
  }
  readBody(req, MAX_BODY_BYTES, (body) => {
    const options = state.options;
    const now = options.clock.now();
    const limits = state.limits.forKey(key, options, now);
    // Taken after any charge, so they report what this request left behind.
    const withLimits = (): OutgoingHttpHeaders => ({ ...base, ...limits.headers(now, options.headerStyle) });
    if (body === null) {
      stats.add('badRequests');
      return sendError(res, withLimits(), bodyTooLarge(MAX_BODY_BYTES));
    }
    const request = parseChatRequest(body.toString('utf8'), options.models);
    if (isErrorReply(request)) {
      stats.add('badRequests');
      return sendError(res, withLimits(), request);
    }
    const cutOff = options.keyQuotaRequests[key] ?? options.quotaRequests;
    if (cutOff !== null && limits.admitted >= cutOff) {
      stats.add('quotaErrors');
      return sendError(res, withLimits(), insufficientQuota());
    }
    const admission = limits.admit(request.promptTokens + request.maxTokens, now, options.chargeRejected);
    stats.arrived(now, key, admission.ok);
    if (!admission.ok) {
      stats.add('rateLimited');
      const bare = state.headerRandom() < options.faults.noHeadersOn429Rate;
      const retry = admission.kind === 'rate_limited' ? retryHeaders(admission.waitMs) : {};
      return sendError(res, bare ? base : { ...withLimits(), ...retry }, rejected(request.model, admission));
    }
    admitted(state, res, withLimits(), request, now);
  });
}

function admitted(state: SimulatorState, res: ServerResponse, headers: OutgoingHttpHeaders, request: ChatRequestBody, now: number): void {
  const { options, stats } = state;
  const draw = drawRequest(state.random, options.faults);
  const firstTokenMs = options.latency.firstTokenMs + draw.jitter * options.latency.jitterMs;
  switch (draw.fault) {
    case 'server_error':
      stats.add('serverErrors');
      return later(res, firstTokenMs, () => sendError(res, headers, serverError()));
    case 'overload':
      stats.add('serverErrors');
      return sendError(res, headers, overloaded());
    case 'hang':
      // Never answered: only the client's timeout, or close(), ends it.
      stats.add('hangs');
      return;
    case 'drop':
    case 'truncate':
    case 'reset':
    case 'stall':
    case 'none': {
      const refused = options.refusalRate > 0 && state.replyRandom() < options.refusalRate;
      const completion = refused ? composeRefusal(request.maxTokens) : composeArticle(options.seed, request, options.completionRatio);
      const plan = {
        res,
        headers,
        meta: { id: `chatcmpl-${randomUUID().replaceAll('-', '').slice(0, 24)}`, created: Math.floor(now / 1_000), model: request.model },
        completion,
        usage: usageBody(request.promptTokens, completion.pieces.length),
        includeUsage: request.includeUsage,
        firstTokenMs,
        tokensPerSecond: options.latency.tokensPerSecond,
        cut: draw.fault === 'none' ? null : { kind: draw.fault, at: draw.dropAt },
        onSuccess: () => stats.succeeded(request.lastUserMessage),
        onCut: (kind: CutKind) => stats.add(CUT_COUNTERS[kind]),
      };
      return request.stream ? sendStreamReply(plan) : sendJsonReply(plan);
    }
    default:
      return assertNever(draw.fault, 'fault');
  }
}

function handleModels(state: SimulatorState, req: IncomingMessage, res: ServerResponse, base: OutgoingHttpHeaders, path: string): void {
  const key = authenticate(req, state.options);
  if (typeof key !== 'string') return sendError(res, base, key);
  const { options } = state;
  const now = options.clock.now();
  const headers = { ...base, ...state.limits.forKey(key, options, now).headers(now, options.headerStyle) };
  const model = (id: string) => ({ id, object: 'model', created: MODEL_CREATED, owned_by: 'system' });
  if (path === '/v1/models') return sendJson(res, headers, 200, { object: 'list', data: [...options.models].map(model) });
  const id = decodeURIComponent(path.slice('/v1/models/'.length));
  if (!options.models.has(id)) return sendError(res, headers, modelNotFound(id));
  sendJson(res, headers, 200, model(id));
}

/** retry-after in whole seconds rounded up, retry-after-ms exact, as OpenAI sends both. */
function retryHeaders(waitMs: number): Record<string, string> {
  return { 'retry-after': String(Math.ceil(waitMs / 1_000)), 'retry-after-ms': String(Math.ceil(waitMs)) };
}
