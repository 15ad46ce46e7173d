/** Human formats for durations and counts, shared by the progress line, the summary and the estimate. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : formatDuration(ms);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Dollars with cents, or with enough decimals that a small run does not read as free. */
export function formatUsd(usd: number): string {
  if (usd === 0 || usd >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(2)}`;
}
