import { useState } from 'react';
import { formatCount } from '../../components/format.ts';
import { usePacer } from '../../store/store-context.tsx';
import { RunChart } from './run-chart.tsx';

/** The user's last choice, for every run and window: a collapsed chart leaves the task table the room. */
const OPEN_KEY = 'pacer.chart-open';

/**
 * The throughput chart, collapsed by default so the task table gets the screen; its summary line
 * still says how many 429s there were. Opened or closed, it stays so.
 */
export function ChartCard() {
  const rateLimited = usePacer((s) => s.activity.reduce((sum, bucket) => sum + bucket.rateLimited, 0));
  const [open, setOpen] = useState(() => readOpen());
  return (
    <details
      className="card chart-card"
      open={open}
      data-testid="chart-card"
      onToggle={(event) => {
        const next = event.currentTarget.open;
        setOpen(next);
        writeOpen(next);
      }}
    >
      <summary data-testid="chart-toggle">
        Throughput{rateLimited > 0 ? <span className="chart-card-429"> · {formatCount(rateLimited)} × 429</span> : null}
      </summary>
      {open ? <RunChart /> : null}
    </details>
  );
}

function readOpen(): boolean {
  try {
    return localStorage.getItem(OPEN_KEY) === 'true';
  } catch {
    return false;
  }
}

function writeOpen(open: boolean): void {
  try {
    localStorage.setItem(OPEN_KEY, String(open));
  } catch {
    // Storage refused: the choice holds for this view only.
  }
}
