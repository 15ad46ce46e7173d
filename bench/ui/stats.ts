/** Small summaries for the UI benchmark's samples. */

export interface Distribution {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentiles; an empty sample gives zeros. */
export function distribution(samples: readonly number[]): Distribution {
  if (samples.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1)!, mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

export interface FrameSummary extends Distribution {
  /** Share of frames that took longer than 50 ms (a visible hitch). */
  readonly over50: number;
  readonly over100: number;
  /** Frames per second over the recorded time. */
  readonly fps: number;
}

export function frameSummary(deltas: readonly number[]): FrameSummary {
  const total = deltas.reduce((a, b) => a + b, 0);
  return {
    ...distribution(deltas),
    over50: deltas.length === 0 ? 0 : deltas.filter((d) => d > 50).length / deltas.length,
    over100: deltas.length === 0 ? 0 : deltas.filter((d) => d > 100).length / deltas.length,
    fps: total === 0 ? 0 : (deltas.length * 1_000) / total,
  };
}

export function ms(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'never';
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
