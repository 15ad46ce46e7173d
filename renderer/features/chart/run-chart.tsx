import { useMemo } from 'react';
import { formatDuration, formatTokens } from '../../components/format.ts';
import { useElementWidth } from '../../components/use-element-width.ts';
import { usePacer } from '../../store/store-context.tsx';
import type { ChartPoint } from './chart-model.ts';
import { chartSeries } from './chart-model.ts';
import '../../styles/chart.css';

/**
 * Each panel is drawn at the width it is given and this fixed height, in CSS pixels and never
 * scaled: a scaled drawing grew with the window (260 px panels, 21 px text at 1440 px wide) and
 * pushed the task table out of sight.
 */
const HEIGHT = 110;
/** Wide enough for the two panels side by side. */
const SIDE_BY_SIDE_MIN = 720;
const PANEL_GAP = 16;
const PAD_LEFT = 52;
const PAD_RIGHT = 8;
const PAD_TOP = 26;
const PAD_BOTTOM = 20;

/** Requests and tokens per minute against the limits in force, with 429s marked, over the whole run (its stored attempts, then live events). */
export function RunChart() {
  const activity = usePacer((s) => s.activity);
  const bucketMs = usePacer((s) => s.activityBucketMs);
  const limitsHistory = usePacer((s) => s.limitsHistory);
  const series = useMemo(() => chartSeries(activity, bucketMs, limitsHistory), [activity, bucketMs, limitsHistory]);
  const rateLimited = series.points.reduce((sum, point) => sum + point.rateLimited, 0);
  const [measure, width] = useElementWidth();

  if (series.points.length === 0) {
    return (
      <p className="muted" data-testid="run-chart-empty">
        No request has been sent yet: the chart fills in as they go out.
      </p>
    );
  }
  return (
    <div className="run-chart" data-testid="run-chart" data-points={series.points.length} ref={measure}>
      <p className="muted">
        Per {formatDuration(series.bucketMs)}, as a rate per minute. Dashed: the limit in force. {rateLimited > 0 ? `${rateLimited} × 429 marked in red.` : 'No 429 so far.'}
      </p>
      {width > 0 ? (
        <div className={width >= SIDE_BY_SIDE_MIN ? 'run-chart-panels is-side-by-side' : 'run-chart-panels'}>
          <ChartPanel title="Requests / min" width={panelWidth(width)} points={series.points} value={(p) => p.requestsPerMin} limit={(p) => p.rpm} testId="chart-requests" bucketMs={series.bucketMs} />
          <ChartPanel title="Tokens / min" width={panelWidth(width)} points={series.points} value={(p) => p.tokensPerMin} limit={(p) => p.tpm} testId="chart-tokens" bucketMs={series.bucketMs} />
        </div>
      ) : null}
    </div>
  );
}

function panelWidth(width: number): number {
  return width >= SIDE_BY_SIDE_MIN ? Math.floor((width - PANEL_GAP) / 2) : width;
}

function ChartPanel(props: {
  readonly title: string;
  readonly width: number;
  readonly points: readonly ChartPoint[];
  readonly value: (point: ChartPoint) => number;
  readonly limit: (point: ChartPoint) => number | null;
  readonly testId: string;
  readonly bucketMs: number;
}) {
  const { width, points, value, limit } = props;
  const max = Math.max(1, ...points.map(value), ...points.map((p) => limit(p) ?? 0)) * 1.1;
  const plotW = Math.max(0, width - PAD_LEFT - PAD_RIGHT);
  const plotH = HEIGHT - PAD_TOP - PAD_BOTTOM;
  const barW = plotW / points.length;
  const y = (v: number) => PAD_TOP + plotH - (v / max) * plotH;
  const limitPath = points
    .map((p, i) => {
      const l = limit(p);
      return l === null ? '' : `M${PAD_LEFT + i * barW},${y(l)}H${PAD_LEFT + (i + 1) * barW}`;
    })
    .join('');

  return (
    <figure className="chart-panel" data-testid={props.testId}>
      <svg width={width} height={HEIGHT} role="img" aria-label={`${props.title}, ${points.length} points`}>
        <text className="chart-title" x={PAD_LEFT} y={16}>
          {props.title}
        </text>
        <text className="chart-axis-label" x={PAD_LEFT - 6} y={y(max / 1.1) + 4} textAnchor="end">
          {formatTokens(Math.round(max / 1.1))}
        </text>
        <text className="chart-axis-label" x={PAD_LEFT - 6} y={y(0)} textAnchor="end">
          0
        </text>
        <line className="chart-axis" x1={PAD_LEFT} x2={width - PAD_RIGHT} y1={y(0)} y2={y(0)} />
        {points.map((p, i) => (
          <rect key={p.start} className="chart-bar" data-testid="chart-bar" x={PAD_LEFT + i * barW + barW * 0.1} width={barW * 0.8} y={y(value(p))} height={Math.max(0, y(0) - y(value(p)))}>
            <title>{`${formatTokens(Math.round(value(p)))} / min${p.rateLimited ? ` · ${p.rateLimited} × 429` : ''}${p.serverErrors ? ` · ${p.serverErrors} × 5xx` : ''}`}</title>
          </rect>
        ))}
        {limitPath ? <path className="chart-limit" d={limitPath} data-testid="chart-limit" /> : null}
        {points.map((p, i) =>
          p.rateLimited > 0 ? (
            <path key={`m${p.start}`} className="chart-429" data-testid="chart-429" d={`M${PAD_LEFT + (i + 0.5) * barW},${PAD_TOP + 2}l-4,-6h8z`}>
              <title>{`${p.rateLimited} × 429`}</title>
            </path>
          ) : null,
        )}
        <text className="chart-axis-label" x={PAD_LEFT} y={HEIGHT - 4}>
          0
        </text>
        <text className="chart-axis-label" x={width - PAD_RIGHT} y={HEIGHT - 4} textAnchor="end">
          {formatDuration(points.length * props.bucketMs)}
        </text>
      </svg>
    </figure>
  );
}
