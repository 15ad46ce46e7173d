import type { WaitSource } from '../../../shared/domain/rate-limit.ts';
import type { AttemptErrorInfo, AttemptStatus, StoredAttempt } from '../../../shared/domain/run-records.ts';
import type { GateResult } from '../../../shared/quality/evaluate-gates.ts';
import { failedGates } from '../../../shared/quality/gate-failures.ts';
import type { TaskView } from '../../../shared/run-view/task-view.ts';
import { WAIT_REASON_LABELS, WAIT_SOURCE_LABELS } from '../../components/labels.ts';

/**
 * A task's history on one time axis: each attempt as a span coloured by its outcome, each wait
 * before it labelled with who decided its length (server retry-after, backoff, the shared
 * cool-down, the limiter), 429 and 5xx answers marked, and the wait the task is in right now.
 */
export interface TimelineSpan {
  readonly attempt: number;
  readonly start: number;
  readonly end: number;
  readonly outcome: AttemptStatus;
  /** Still in flight: the span ends at "now". */
  readonly open: boolean;
  readonly error: AttemptErrorInfo | null;
  /** Which regeneration of the article this attempt wrote: 0 for the first writing. */
  readonly regeneration: number;
  /** The gates this attempt's reply failed (a rejected reply: why the next attempt regenerates). */
  readonly failedGates: readonly GateResult[];
}

export interface TimelineWait {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly source: WaitSource | null;
  /** The wait the task is in now (its end is planned, not past). */
  readonly pending: boolean;
}

export interface TimelineMark {
  readonly at: number;
  readonly kind: '429' | '5xx';
  readonly attempt: number;
}

export interface Timeline {
  readonly start: number;
  readonly end: number;
  readonly spans: readonly TimelineSpan[];
  readonly waits: readonly TimelineWait[];
  readonly marks: readonly TimelineMark[];
}

export function buildTimeline(attempts: readonly StoredAttempt[], task: TaskView | undefined, now: number): Timeline | null {
  const sorted = [...attempts].sort((a, b) => a.attempt - b.attempt);
  const spans: TimelineSpan[] = [];
  const waits: TimelineWait[] = [];
  const marks: TimelineMark[] = [];
  for (const attempt of sorted) {
    if (attempt.waitBeforeMs > 0) {
      waits.push({
        start: attempt.startedAt - attempt.waitBeforeMs,
        end: attempt.startedAt,
        source: attempt.waitSource,
        label: attempt.waitSource ? WAIT_SOURCE_LABELS[attempt.waitSource] : 'queued',
        pending: false,
      });
    }
    const end = attempt.endedAt ?? Math.max(now, attempt.startedAt);
    spans.push({
      attempt: attempt.attempt,
      start: attempt.startedAt,
      end,
      outcome: attempt.status,
      open: attempt.endedAt === null,
      error: attempt.error,
      regeneration: attempt.regeneration,
      failedGates: failedGates(attempt.gates ?? []),
    });
    const status = attempt.error?.status;
    if (status === 429) marks.push({ at: end, kind: '429', attempt: attempt.attempt });
    else if (status !== null && status !== undefined && status >= 500) marks.push({ at: end, kind: '5xx', attempt: attempt.attempt });
  }
  const pending = pendingWait(task, spans.at(-1), now);
  if (pending) waits.push(pending);
  const times = [...spans.flatMap((span) => [span.start, span.end]), ...waits.flatMap((wait) => [wait.start, wait.end])];
  if (times.length === 0) return null;
  return { start: Math.min(...times), end: Math.max(...times), spans, waits, marks };
}

function pendingWait(task: TaskView | undefined, last: TimelineSpan | undefined, now: number): TimelineWait | null {
  if (!task?.wait || (task.status !== 'waiting' && task.status !== 'retrying')) return null;
  const { reason, source, until } = task.wait;
  const start = Math.min(last && !last.open ? last.end : now, now);
  if (until <= start) return null;
  const label = source ? WAIT_SOURCE_LABELS[source] : reason === 'retry' ? 'retry' : `limiter: ${WAIT_REASON_LABELS[reason]}`;
  return { start, end: until, source: source ?? (reason === 'cooldown' ? 'cooldown' : reason === 'retry' ? null : 'limiter'), label, pending: true };
}

/** Part of a long wait left out of the drawing; the drawing shows a break mark there. */
export interface TimelineBreak {
  /** Time at the break, after which `hiddenMs` are skipped. */
  readonly at: number;
  readonly hiddenMs: number;
}

/** Maps time onto the drawing's width, long waits shortened to a few times the attempts' length. */
export interface TimelineScale {
  x(t: number): number;
  readonly breaks: readonly TimelineBreak[];
}

/**
 * A 10-minute retry-after next to 600 ms attempts would squeeze the attempts into a sliver on a
 * linear axis. A wait longer than twice the longest attempt (and 2 s) is drawn that long, with a
 * break in its middle; its label and the list below still give its real length.
 */
export function timelineScale(timeline: Timeline, left: number, right: number): TimelineScale {
  const longestSpan = Math.max(0, ...timeline.spans.map((s) => s.end - s.start));
  const cap = Math.max(2_000, 2 * longestSpan);
  const hidden: { start: number; end: number }[] = [];
  for (const wait of [...timeline.waits].sort((a, b) => a.start - b.start)) {
    if (wait.end - wait.start <= cap) continue;
    const start = wait.start + cap / 2;
    const end = wait.end - cap / 2;
    const last = hidden.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else hidden.push({ start, end });
  }
  const shown = (t: number) => {
    let skipped = 0;
    for (const h of hidden) {
      if (t <= h.start) break;
      skipped += Math.min(t, h.end) - h.start;
    }
    return t - timeline.start - skipped;
  };
  const total = Math.max(1, shown(timeline.end));
  return {
    x: (t) => left + (shown(t) / total) * (right - left),
    breaks: hidden.map((h) => ({ at: h.start, hiddenMs: h.end - h.start })),
  };
}
