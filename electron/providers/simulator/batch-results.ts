import { randomUUID } from 'node:crypto';
import { assertNever } from '../../../shared/assert-never.ts';
import type { BatchLine } from './batch-input.ts';
import type { BatchPhase, BatchSchedule } from './batch-timeline.ts';
import { composeArticle } from './completion-text.ts';
import type { RequestDraw } from './faults.ts';
import type { ErrorReply } from './openai-errors.ts';
import { overloaded, serverError } from './openai-errors.ts';
import { completionBody, usageBody } from './reply-format.ts';

/**
 * What a batch's lines came to: request counts while it runs, and its output and error files once
 * it has ended. Output lines come in the order the lines finished, not the input's, as OpenAI's
 * do: a client must map them back by custom_id.
 */
export interface BatchWork {
  readonly lines: readonly BatchLine[];
  readonly schedule: BatchSchedule;
  /** Input positions in the order they finish. */
  readonly finishOrder: readonly number[];
  /** Per input position: the error the line meets, or null when it succeeds. */
  readonly faults: readonly (ErrorReply | null)[];
}

export interface RequestCounts {
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
}

export interface BatchResults {
  /** JSONL, one line per success; '' when none. */
  readonly output: string;
  /** JSONL, one line per failed or expired request; '' when none. */
  readonly errors: string;
  readonly counts: RequestCounts;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  /** The lines delivered in the output, for the simulator's stats. */
  readonly delivered: readonly BatchLine[];
}

/**
 * A request that meets an injected fault fails the way a real one does in a batch: its line in the
 * error file carries the non-200 response it got. Hangs and replies cut part way are faults of a
 * connection, which a batch line does not have: it succeeds.
 */
export function lineFault(draw: RequestDraw): ErrorReply | null {
  switch (draw.fault) {
    case 'server_error':
      return serverError();
    case 'overload':
      return overloaded();
    case 'hang':
    case 'drop':
    case 'truncate':
    case 'reset':
    case 'stall':
    case 'none':
      return null;
    default:
      return assertNever(draw.fault, 'fault');
  }
}

export function requestCounts(work: BatchWork, phase: BatchPhase): RequestCounts {
  if (phase.status === 'failed') return { total: 0, completed: 0, failed: 0 };
  let completed = 0;
  let failed = 0;
  work.lines.forEach((_, position) => {
    if ((work.schedule.lineDoneAt[position] as number) > phase.cutoff) {
      if (phase.status === 'expired') failed += 1;
    } else if (work.faults[position]) failed += 1;
    else completed += 1;
  });
  return { total: work.lines.length, completed, failed };
}

/** The files of an ended batch. A cancelled batch's unfinished lines are in neither file. */
export function batchResults(work: BatchWork, phase: BatchPhase, seed: number, ratio: readonly [number, number]): BatchResults {
  const output: string[] = [];
  const errors: string[] = [];
  const delivered: BatchLine[] = [];
  let inputTokens = 0;
  let outputTokens = 0;
  for (const position of work.finishOrder) {
    const doneAt = work.schedule.lineDoneAt[position] as number;
    if (doneAt > phase.cutoff) continue;
    const line = work.lines[position] as BatchLine;
    const fault = work.faults[position];
    if (fault) {
      errors.push(resultLine(line.customId, { status_code: fault.status, request_id: requestId(), body: { error: fault.error } }, null));
      continue;
    }
    const { request } = line;
    const completion = composeArticle(seed, request, ratio);
    const usage = usageBody(request.promptTokens, completion.pieces.length);
    const meta = { id: `chatcmpl-${hex().slice(0, 24)}`, created: Math.floor(doneAt / 1_000), model: request.model };
    const body = completionBody(meta, completion.pieces.join(''), completion.finishReason, usage);
    output.push(resultLine(line.customId, { status_code: 200, request_id: requestId(), body }, null));
    delivered.push(line);
    inputTokens += usage.prompt_tokens;
    outputTokens += usage.completion_tokens;
  }
  if (phase.status === 'expired') {
    work.lines.forEach((line, position) => {
      if ((work.schedule.lineDoneAt[position] as number) <= phase.cutoff) return;
      errors.push(resultLine(line.customId, null, { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' }));
    });
  }
  return { output: jsonl(output), errors: jsonl(errors), counts: requestCounts(work, phase), usage: { inputTokens, outputTokens }, delivered };
}

function resultLine(customId: string, response: object | null, error: { code: string; message: string } | null): string {
  return JSON.stringify({ id: `batch_req_${hex()}`, custom_id: customId, response, error });
}

function jsonl(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function requestId(): string {
  return `req_${hex()}`;
}

function hex(): string {
  return randomUUID().replaceAll('-', '');
}
