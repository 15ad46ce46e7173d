/**
 * Formats milliseconds the way Go's time.Duration.String() does, which is what OpenAI's
 * x-ratelimit-reset-* headers and "Please try again in …" messages use: `12ms`, `1s`, `6m0s`,
 * `51.189s`, `4m12.172s`, `23h18m29.144s`. Rounded up to whole milliseconds (a client that waits
 * the stated time must find the budget there), which is also the precision OpenAI shows.
 */
export function formatGoDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms));
  if (total === 0) return '0s';
  if (total < 1_000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const millis = total % 60_000;
  const whole = Math.floor(millis / 1_000);
  const fraction = millis % 1_000;
  const seconds = fraction === 0 ? `${whole}s` : `${whole}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}
