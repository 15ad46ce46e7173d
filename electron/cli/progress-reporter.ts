import type { BudgetStatus, EngineEvent } from '../../shared/domain/events.ts';
import type { RunReadView } from '../engine/run.ts';
import { assertNever } from '../../shared/assert-never.ts';
import { finishedCount } from '../../shared/domain/task.ts';
import { gateFailureWords } from '../../shared/quality/gate-failures.ts';
import { formatDuration, formatSeconds } from './format.ts';
import { budgetWords, serverAllowed } from './run-report.ts';

export type ReporterMode = 'tty' | 'plain' | 'json';

export interface Reporter {
  onEvent(event: EngineEvent): void;
  /** Extra lines from the CLI (files written, export errors). */
  note(line: string): void;
  close(): void;
}

interface Output {
  write(text: string): void;
  /** For the status line's own escape sequence, which `write` would make visible (terminal-output.ts). */
  control?(sequence: string): void;
}

const CLEAR_LINE = '\r\x1b[2K';

const WAIT_SOURCE: Record<string, string> = {
  retry_after: "server's retry-after",
  backoff: 'backoff',
  cooldown: 'shared cool-down',
  limiter: 'rate limiter',
};

/**
 * Shows a run as it goes: a redrawn status line on a terminal, one line per notable event when
 * piped, or every event as a JSON line for scripts.
 */
/** `budget`: the run's, with what earlier starts spent; the progress adds what this one spends. */
export function createReporter(mode: ReporterMode, view: RunReadView, out: Output, now: () => number = Date.now, budget?: BudgetStatus): Reporter {
  if (mode === 'json') {
    return { onEvent: (e) => out.write(`${JSON.stringify(e)}\n`), note: (line) => out.write(`${JSON.stringify({ type: 'cli.note', message: line })}\n`), close: () => undefined };
  }
  const startedAt = now();
  const topic = (taskId: string) => view.get(taskId).topic;
  let spentUsd = budget?.spentUsd ?? 0;
  const spent = (): string => (budget ? ` · ${budgetWords({ limitUsd: budget.limitUsd, spentUsd })}` : '');
  const line = (event: EngineEvent): string | undefined => {
    if ((event.type === 'task.done' || event.type === 'task.needs_review' || event.type === 'attempt.rejected' || event.type === 'attempt.failed') && event.costUsd !== undefined) spentUsd += event.costUsd;
    switch (event.type) {
      case 'task.done':
        return `done    ${topic(event.taskId)} (${event.attempt} attempt${event.attempt > 1 ? 's' : ''}, ${event.usage.totalTokens} tokens, ${formatSeconds(event.latencyMs)})${spent()}`;
      case 'task.needs_review':
        return `REVIEW  ${topic(event.taskId)}: ${gateFailureWords(event.gates)}${spent()}`;
      case 'attempt.rejected':
        return `regen   ${topic(event.taskId)}: ${gateFailureWords(event.gates ?? [])} — regeneration ${event.regeneration}${spent()}`;
      case 'task.failed':
        return `FAILED  ${topic(event.taskId)}: ${event.error.message}`;
      case 'retry.scheduled': {
        const last = view.get(event.taskId).lastError;
        return `retry   ${topic(event.taskId)}: ${last?.message ?? 'error'} — attempt ${event.attempt} in ${formatSeconds(event.delayMs)} (${WAIT_SOURCE[event.source]})`;
      }
      case 'run.limits':
        return event.source === 'server' ? `limits  the server allows ${serverAllowed(event.limits, event.shapes)}` : undefined;
      case 'run.paused':
        return 'paused';
      case 'run.resumed':
        return 'resumed';
      case 'run.finished':
        return event.error ? `STOPPED ${event.error.message}` : undefined;
      case 'run.started':
      case 'task.queued':
      case 'task.waiting':
      case 'attempt.started':
      case 'attempt.progress':
      case 'attempt.failed':
      case 'task.cancelled':
      case 'task.skipped':
        return undefined;
      default:
        return assertNever(event, 'event');
    }
  };

  if (mode === 'plain') {
    return {
      onEvent: (event) => {
        const text = line(event);
        if (text) out.write(`${text}\n`);
      },
      note: (text) => out.write(`${text}\n`),
      close: () => undefined,
    };
  }

  let drawn = false;
  let lastDraw = 0;
  const statusLine = (): string => {
    const c = view.counts;
    const total = view.tasks.size;
    // Cancelled tasks are not finished: a resume sends them again (task.ts has the one rule).
    const finished = finishedCount(c);
    const width = 24;
    const filled = total === 0 ? width : Math.round((finished / total) * width);
    const elapsed = now() - startedAt;
    const rate = elapsed > 0 ? (c.done / elapsed) * 60_000 : 0;
    const eta = c.done > 0 ? ((total - finished) / c.done) * elapsed : NaN;
    const cancelled = c.cancelled > 0 ? ` · cancelled ${c.cancelled}` : '';
    const review = c.needs_review > 0 ? ` · needs review ${c.needs_review}` : '';
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${finished}/${total} · done ${c.done}${review} · failed ${c.failed}${cancelled} · retrying ${c.retrying} · in flight ${c.running} · ${rate.toFixed(0)}/min · ETA ${formatDuration(eta)}${spent()}`;
  };
  const clear = () => {
    if (drawn && out.control) out.control(CLEAR_LINE);
    else if (drawn) out.write(CLEAR_LINE);
    drawn = false;
  };
  const draw = () => {
    clear();
    out.write(statusLine());
    drawn = true;
    lastDraw = now();
  };
  return {
    onEvent: (event) => {
      const text = line(event);
      if (text) {
        clear();
        out.write(`${text}\n`);
        draw();
      } else if (now() - lastDraw > 100) {
        draw();
      }
    },
    note: (text) => {
      clear();
      out.write(`${text}\n`);
      draw();
    },
    close: () => {
      clear();
    },
  };
}
