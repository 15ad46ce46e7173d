import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Completion } from './completion-text.ts';
import type { CutKind } from './faults.ts';
import type { ReplyMeta, UsageBody } from './reply-format.ts';
import { assertNever } from '../../../shared/assert-never.ts';
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
  /** How the reply breaks off, and after what share of it; null answers in full. */
  readonly cut: { readonly kind: CutKind; readonly at: number } | null;
  readonly onSuccess: () => void;
  /** The reply broke off (counted when it happens, not when it was drawn). */
  readonly onCut: (kind: CutKind) => void;
}

/** A stream writes at most this often, batching the tokens due, to keep timers few. */
const TICK_MS = 20;

/** JSON waits the whole generation time, then answers at once (or breaks off part way). */
export function sendJsonReply(plan: ReplyPlan): void {
  const { res, completion, cut } = plan;
  const totalMs = plan.firstTokenMs + (completion.pieces.length * 1_000) / plan.tokensPerSecond;
  if (cut?.kind === 'drop' || cut?.kind === 'reset') {
    later(res, cut.at * totalMs, () => breakOff(plan, cut.kind, '', 'sized'));
    return;
  }
  later(res, totalMs, () => {
    const text = completionJson(plan.meta, completion.pieces.join(''), completion.finishReason, plan.usage);
    res.writeHead(200, { ...plan.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    if (cut === null) {
      plan.onSuccess();
      res.end(text);
      return;
    }
    // Short of its content-length: the client can only see it as broken.
    breakOff(plan, cut.kind, text.slice(0, Math.floor(cut.at * text.length)), 'sized');
  });
}

/** Headers and the role frame at the first token, then tokens at tokensPerSecond, in ticks. */
export function sendStreamReply(plan: ReplyPlan): void {
  const { res, completion, cut } = plan;
  const pieces = completion.pieces;
  const frames = new StreamFrames(plan.meta, plan.includeUsage);
  // A cut sends at least one token when there are two or more, and never the finish frame.
  const stopAt = cut === null ? pieces.length : Math.min(pieces.length - 1, Math.max(1, Math.floor(cut.at * pieces.length)));
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
    if (sent === stopAt && cut !== null) {
      // A truncated stream ends on a frame boundary, the case no parser can notice; the other cuts
      // land inside an SSE event, as they do on a real network.
      const next = frames.content(pieces[sent] ?? '');
      breakOff(plan, cut.kind, cut.kind === 'truncate' ? out : out + next.slice(0, Math.floor(next.length / 2)), 'chunked');
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

/**
 * Sends `partial` (what the client gets of the reply), then breaks off as `kind` says. The
 * partial reply is flushed before a drop or a reset, so the client sees a reply that started and
 * broke off. A chunked body (a stream) can end cleanly however short; a sized one (JSON with its
 * content-length) cannot, so truncating it closes the connection.
 */
function breakOff(plan: ReplyPlan, kind: CutKind, partial: string, body: 'chunked' | 'sized'): void {
  const { res } = plan;
  const flushed = (then: () => void): void => {
    if (partial === '') then();
    else res.write(partial, then);
  };
  switch (kind) {
    case 'drop':
      return flushed(() => {
        plan.onCut(kind);
        res.destroy();
      });
    case 'reset':
      return flushed(() => {
        plan.onCut(kind);
        // An RST, not a FIN: the client reads ECONNRESET. Destroyed already when the client left.
        if (res.socket) res.socket.resetAndDestroy();
        else res.destroy();
      });
    case 'truncate':
      plan.onCut(kind);
      if (body === 'chunked') res.end(partial);
      else flushed(() => res.destroy());
      return;
    case 'stall':
      plan.onCut(kind);
      if (partial !== '') res.write(partial);
      return;
    default:
      return assertNever(kind, 'cut');
  }
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
