import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Completion } from './completion-text.ts';
import type { ReplyMeta, UsageBody } from './reply-format.ts';
import { completionJson, StreamFrames } from './reply-format.ts';

/** How one admitted, successful-or-dropped request is answered. */
export interface ReplyPlan {
  readonly res: ServerResponse;
  /** x-request-id and the rate-limit headers taken at admission. */
  readonly headers: OutgoingHttpHeaders;
  readonly meta: ReplyMeta;
  readonly completion: Completion;
  readonly usage: UsageBody;
  readonly includeUsage: boolean;
  readonly firstTokenMs: number;
  readonly tokensPerSecond: number;
  /** Share of the reply after which the connection is cut; null answers in full. */
  readonly dropAt: number | null;
  readonly onSuccess: () => void;
  readonly onDrop: () => void;
}

/** A stream writes at most this often, batching the tokens due, to keep timers few. */
const TICK_MS = 20;

/** JSON waits the whole generation time, then answers at once (or is cut part way). */
export function sendJsonReply(plan: ReplyPlan): void {
  const { res, completion } = plan;
  const totalMs = plan.firstTokenMs + (completion.pieces.length * 1_000) / plan.tokensPerSecond;
  if (plan.dropAt !== null) {
    later(res, plan.dropAt * totalMs, () => cut(plan));
    return;
  }
  later(res, totalMs, () => {
    const body = completionJson(plan.meta, completion.pieces.join(''), completion.finishReason, plan.usage);
    plan.onSuccess();
    res.writeHead(200, { ...plan.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}

/** Headers and the role frame at the first token, then tokens at tokensPerSecond, in ticks. */
export function sendStreamReply(plan: ReplyPlan): void {
  const { res, completion } = plan;
  const pieces = completion.pieces;
  const frames = new StreamFrames(plan.meta, plan.includeUsage);
  // A drop sends at least one token when there are two or more, and never the finish frame.
  const stopAt = plan.dropAt === null ? pieces.length : Math.min(pieces.length - 1, Math.max(1, Math.floor(plan.dropAt * pieces.length)));
  const tickMs = Math.max(TICK_MS, 1_000 / plan.tokensPerSecond);
  let sent = 0;
  let startedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  res.once('close', () => clearTimeout(timer));

  const emit = (prefix: string) => {
    const due = Number.isFinite(plan.tokensPerSecond)
      ? Math.min(stopAt, 1 + Math.floor(((performance.now() - startedAt) * plan.tokensPerSecond) / 1_000))
      : stopAt;
    let out = prefix;
    for (; sent < due; sent++) out += frames.content(pieces[sent] as string);
    if (sent === stopAt && plan.dropAt !== null) {
      // Let the partial reply reach the client before the cut, so it sees a stream that breaks off.
      res.write(out, () => cut(plan));
      return;
    }
    if (sent === pieces.length) {
      plan.onSuccess();
      res.end(out + frames.finish(completion.finishReason, plan.usage));
      return;
    }
    if (out !== '') res.write(out);
    timer = setTimeout(emit, tickMs, '');
  };

  later(res, plan.firstTokenMs, () => {
    res.writeHead(200, { ...plan.headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    startedAt = performance.now();
    emit(frames.role());
  });
}

function cut(plan: ReplyPlan): void {
  plan.onDrop();
  plan.res.destroy();
}

/** Runs `fn` after `ms` (at once when 0, the benchmark's case), unless the client leaves first. */
export function later(res: ServerResponse, ms: number, fn: () => void): void {
  if (ms <= 0) {
    fn();
    return;
  }
  const timer = setTimeout(fn, ms);
  res.once('close', () => clearTimeout(timer));
}
