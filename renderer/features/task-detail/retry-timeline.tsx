import { formatDuration } from '../../components/format.ts';
import { visibleControls } from '../../../shared/text/visible-controls.ts';
import { errorLabel } from '../run/status-detail.ts';
import { gateFailureWords } from '../../../shared/quality/gate-failures.ts';
import type { Timeline, TimelineSpan, TimelineWait } from './timeline-model.ts';
import { timelineScale } from './timeline-model.ts';
import '../../styles/timeline.css';

const WIDTH = 400;
const PAD = 12;
/** Wait labels alternate between two lines above the track, so neighbouring waits do not overlap. */
const LABEL_YS = [10, 22] as const;
const TRACK_Y = 30;
const TRACK_H = 20;
const AXIS_Y = 66;
const HEIGHT = 84;
const TICK_STEPS_S = [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1_800, 3_600];

/** The timeline as an SVG on a shared time axis, with the same facts as a list below for reading. */
export function RetryTimeline({ timeline }: { readonly timeline: Timeline }) {
  const duration = Math.max(1, timeline.end - timeline.start);
  const scale = timelineScale(timeline, PAD, WIDTH - PAD);
  const x = scale.x;
  const width = (start: number, end: number) => Math.max(2, x(end) - x(start));
  const step = (TICK_STEPS_S.find((s) => duration / 1_000 / s <= 6) ?? 7_200) * 1_000;
  // Evenly spaced ticks would lie across a shortened wait: then only the start and the end are marked.
  const ticks = scale.breaks.length > 0 ? [0, duration] : Array.from({ length: Math.floor(duration / step) + 1 }, (_, i) => i * step);

  return (
    <figure className="retry-timeline" data-testid="retry-timeline">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${timeline.spans.length} attempts and ${timeline.waits.length} waits over ${formatDuration(duration)}`}>
        {timeline.waits.map((wait, index) => (
          <g key={`w${index}`} className={`tl-wait tl-wait-${wait.source ?? 'none'}${wait.pending ? ' is-pending' : ''}`} data-testid="timeline-wait" data-source={wait.source ?? 'none'}>
            <rect x={x(wait.start)} y={TRACK_Y + 4} width={width(wait.start, wait.end)} height={TRACK_H - 8} rx={2} />
            <text {...labelAt(x(wait.start) + width(wait.start, wait.end) / 2)} y={LABEL_YS[index % 2]}>
              {wait.label} {formatDuration(wait.end - wait.start)}
            </text>
            <title>{waitText(wait)}</title>
          </g>
        ))}
        {timeline.spans.map((span) => (
          <g key={`a${span.attempt}`} className={`tl-attempt tl-attempt-${span.outcome}`} data-testid="timeline-attempt" data-attempt={span.attempt} data-outcome={span.outcome}>
            <rect x={x(span.start)} y={TRACK_Y} width={width(span.start, span.end)} height={TRACK_H} rx={3} />
            <title>{spanText(span)}</title>
          </g>
        ))}
        {timeline.marks.map((mark) => (
          <g key={`m${mark.attempt}`} className={`tl-mark tl-mark-${mark.kind}`} data-testid="timeline-mark" data-kind={mark.kind}>
            <line x1={x(mark.at)} x2={x(mark.at)} y1={TRACK_Y - 2} y2={TRACK_Y + TRACK_H + 2} />
            <text x={clamp(x(mark.at))} y={TRACK_Y + TRACK_H + 12} textAnchor="middle">
              {mark.kind}
            </text>
          </g>
        ))}
        {scale.breaks.map((cut) => (
          <g key={`b${cut.at}`} className="tl-break" data-testid="timeline-break">
            <path d={`M ${x(cut.at) - 3} ${TRACK_Y + TRACK_H + 3} l 3 -${TRACK_H + 6} M ${x(cut.at) + 1} ${TRACK_Y + TRACK_H + 3} l 3 -${TRACK_H + 6}`} />
            <title>{`${formatDuration(cut.hiddenMs)} of this wait are not drawn to scale`}</title>
          </g>
        ))}
        <g className="tl-axis">
          <line x1={PAD} x2={WIDTH - PAD} y1={AXIS_Y} y2={AXIS_Y} />
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={x(timeline.start + tick)} x2={x(timeline.start + tick)} y1={AXIS_Y} y2={AXIS_Y + 4} />
              <text x={clamp(x(timeline.start + tick))} y={AXIS_Y + 15} textAnchor="middle">
                {tick === 0 ? '0' : formatDuration(tick)}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <ol className="timeline-list" data-testid="timeline-list">
        {entries(timeline).map((entry, index) => (
          <li key={index} className={entry.kind === 'wait' ? 'is-wait' : `is-${entry.span.outcome}`}>
            {entry.kind === 'wait' ? waitText(entry.wait) : spanText(entry.span)}
          </li>
        ))}
      </ol>
    </figure>
  );
}

type Entry = { readonly kind: 'wait'; readonly at: number; readonly wait: TimelineWait } | { readonly kind: 'span'; readonly at: number; readonly span: TimelineSpan };

function entries(timeline: Timeline): Entry[] {
  return [
    ...timeline.waits.map((wait): Entry => ({ kind: 'wait', at: wait.start, wait })),
    ...timeline.spans.map((span): Entry => ({ kind: 'span', at: span.start, span })),
  ].sort((a, b) => a.at - b.at);
}

function waitText(wait: TimelineWait): string {
  return `${wait.pending ? 'Waiting' : 'Waited'} ${formatDuration(wait.end - wait.start)}: ${wait.label}`;
}

function spanText(span: TimelineSpan): string {
  const took = `${span.open ? 'running for' : 'took'} ${formatDuration(span.end - span.start)}`;
  const error = span.error ? ` · ${errorLabel({ status: span.error.status ?? undefined, kind: span.error.kind })}: ${visibleControls(span.error.message)}` : '';
  const regeneration = span.regeneration > 0 ? ` · regeneration ${span.regeneration}` : '';
  const gates = span.failedGates.length > 0 ? ` · failed ${visibleControls(gateFailureWords(span.failedGates))}` : '';
  return `Attempt ${span.attempt}${regeneration} · ${span.outcome} · ${took}${error}${gates}`;
}

/** Keeps short centred labels (marks, ticks) inside the drawing. */
function clamp(x: number): number {
  return Math.min(WIDTH - 20, Math.max(20, x));
}

/** A wait label centred on its wait, or pinned to the edge it would run past. */
function labelAt(x: number): { readonly x: number; readonly textAnchor: 'start' | 'middle' | 'end' } {
  const half = 70;
  if (x < half) return { x: 2, textAnchor: 'start' };
  if (x > WIDTH - half) return { x: WIDTH - 2, textAnchor: 'end' };
  return { x, textAnchor: 'middle' };
}
