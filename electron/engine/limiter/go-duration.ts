/**
 * Parses a Go `time.Duration` string, the format OpenAI-style `x-ratelimit-reset-*` headers use
 * (`12ms`, `6m0s`, `4m12.172s`, `23h18m29.144s`), into milliseconds. Returns undefined for
 * anything else, negatives included: a reset time is only a hint, and a wrong hint is worse than
 * none.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3, // U+00B5 micro sign, what Go prints
  'μs': 1e-3, // U+03BC Greek mu, which Go also accepts
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

// Longer units first so that `ms` is not read as `m` followed by junk.
const SEGMENT = /(\d*(?:\.\d*)?)(ns|us|µs|μs|ms|h|m|s)/y;

export function parseGoDuration(text: string): number | undefined {
  const value = text.trim().replace(/^\+/, '');
  if (value === '0') return 0; // the one unitless value Go accepts
  if (value === '') return undefined;
  let total = 0;
  const segment = new RegExp(SEGMENT); // a private copy: sticky regexes carry lastIndex
  while (segment.lastIndex < value.length) {
    const match = segment.exec(value);
    if (!match) return undefined;
    const [, number = '', unit = ''] = match;
    if (!/\d/.test(number)) return undefined; // ".s" or a bare unit
    total += Number(number) * (UNIT_MS[unit] ?? Number.NaN);
  }
  if (!Number.isFinite(total)) return undefined;
  // Decimal fractions times unit sizes leave float noise (51.189 * 1000); nanoseconds are the
  // finest unit, so round there.
  return Math.round(total * 1e6) / 1e6;
}
