import type { EstimateRow } from './estimate-accuracy.ts';
import type { OverheadFigures } from './overhead.ts';
import type { Scenario } from './scenarios.ts';

export interface ScenarioRow {
  readonly scenario: string;
  /** Typed by the user, or left blank for the contender to learn from headers. */
  readonly limitsKnown: boolean;
  readonly contender: string;
  readonly wallMs: number;
  readonly minimumMs: number;
  readonly requests: number;
  readonly rateLimited: number;
  readonly correct: number;
  readonly topics: number;
  readonly duplicates: number;
  /** When the first and the second request left, in ms from the start (null: none sent). */
  readonly firstSendMs: number | null;
  /** The gap to the first is what sending one probe first costs. */
  readonly secondSendMs: number | null;
}

/** The issue's targets, wherever the limit is typed or learned (every scenario here). */
const TARGET_RATIO = 1.03;
const TARGET_429_SHARE = 0.01;

const s = (ms: number) => (ms / 1000).toFixed(1);
const ms = (value: number | null) => (value === null ? '–' : value.toFixed(0));
const share = (r: ScenarioRow) => r.rateLimited / Math.max(1, r.requests);

/** bench/results.md: the figures, the targets, and whether each was met — misses included. */
export function renderResults(rows: readonly ScenarioRow[], overhead: OverheadFigures | undefined, scenarios: readonly Scenario[], estimates?: readonly EstimateRow[]): string {
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString()} (Node ${process.version}, ${process.platform}/${process.arch}).`,
    'Every contender runs against a fresh built-in simulator (real HTTP on loopback) with the same seed, in a',
    'process of its own so that its CPU does not slow the contender. The minimum is the theoretical one for the',
    "server's shape: each request admitted at the earliest moment the shape allows (buckets start full; fixed",
    'windows from where the clock stands when the run starts; quantized limits by the sub-window and the',
    'minute bucket together), plus one reply latency, counting the faults the contender met (bench/theoretical-minimum.ts).',
    '',
    '## Scenarios',
    '',
    ...scenarios.map((sc) => `- **${sc.name}**: ${sc.what}${sc.limitsKnown ? '' : ' (limits not given)'}.`),
    '',
    '"1st / 2nd request" is when the first and the second request left, in ms from the start: Pacer sends one',
    'probe and waits for its first token before sending more; the time to the first is start-up.',
    '',
    '| scenario | contender | wall (s) | minimum (s) | ratio | requests | 429s | 429 % | correct | duplicates | 1st / 2nd request (ms) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.contender} | ${s(r.wallMs)} | ${s(r.minimumMs)} | ${(r.wallMs / r.minimumMs).toFixed(3)} | ${r.requests} | ${r.rateLimited} | ${(share(r) * 100).toFixed(1)} | ${r.correct}/${r.topics} | ${r.duplicates} | ${ms(r.firstSendMs)} / ${ms(r.secondSendMs)} |`,
    ),
    '',
    `## Targets (Pacer): ≤ ${TARGET_RATIO} × the minimum, 429s ≤ ${TARGET_429_SHARE * 100} % of requests, nothing lost or duplicated`,
    '',
    ...targetLines(rows),
    '',
    '## The first probe (Pacer)',
    '',
    ...probeLines(rows),
  ];
  if (overhead) {
    lines.push(
      '',
      '## Engine overhead',
      '',
      `A fast, unlimited simulator in another process (no latency), ${overhead.requests.toLocaleString('en-US')} requests, 64 workers:`,
      '',
      `- ${overhead.requestsPerSecond.toFixed(0)} requests/s (${s(overhead.wallMs)} s), ${overhead.cpuMicrosPerRequest.toFixed(0)} µs of CPU per request in the engine process (engine, SDK, HTTP client)`,
      `- ${overhead.queuedTasks.toLocaleString('en-US')} queued tasks: ${(overhead.heapBytesPerQueuedTask / 1024).toFixed(2)} KiB of heap per task (${((overhead.heapBytesPerQueuedTask * overhead.queuedTasks) / 1024 / 1024).toFixed(0)} MiB), built in ${s(overhead.buildMsForQueuedTasks)} s (templates rendered and tokenized)`,
    );
  }
  if (estimates) lines.push('', ...estimateLines(estimates));
  return `${lines.join('\n')}\n`;
}

/** The issue's target for the pre-run estimate's expected cost against the real one. */
const TARGET_ESTIMATE_ERROR = 0.1;

const usd = (value: number) => `$${value.toFixed(4)}`;
const percent = (share: number) => `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)} %`;

function estimateLines(estimates: readonly EstimateRow[]): string[] {
  const met = estimates.filter((e) => Math.abs(e.error) <= TARGET_ESTIMATE_ERROR).length;
  return [
    `## Cost estimate vs real cost (target: expected within ±${TARGET_ESTIMATE_ERROR * 100} %)`,
    '',
    'The pre-run estimate (electron/engine/estimate-run.ts) against what the same run cost on the simulator, every reply priced',
    "from its usage at the model's list price (gpt-4o-mini). The simulator's replies are 60–100 % of max_tokens, and it reports",
    'prompt tokens as characters / 4 (bench/estimate-accuracy.ts). The expected output (80 % of max_tokens) is the middle of',
    "that range, so the output part agrees by construction here; a real model's reply length is its own.",
    '',
    '| case | topics | estimate: min / expected / max | real cost | error of expected | prompt tokens est. / billed | output tokens est. / billed |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...estimates.map(
      (e) =>
        `| ${e.name}: ${e.what} | ${e.topics} | ${usd(e.estimate.minUsd)} / ${usd(e.estimate.expectedUsd)} / ${usd(e.estimate.maxUsd)} | ${usd(e.actualUsd)} | ${percent(e.error)} | ${e.promptTokens.estimated.toLocaleString('en-US')} / ${e.promptTokens.billed.toLocaleString('en-US')} | ${e.outputTokens.estimated.toLocaleString('en-US')} / ${e.outputTokens.billed.toLocaleString('en-US')} |`,
    ),
    '',
    `Within ±${TARGET_ESTIMATE_ERROR * 100} % in ${met} of ${estimates.length} cases${met === estimates.length ? '' : ': MISSED'}; the real cost fell inside the min–max range in ${estimates.filter((e) => e.actualUsd >= e.estimate.minUsd && e.actualUsd <= e.estimate.maxUsd).length} of ${estimates.length}.`,
  ];
}

function pacerRows(rows: readonly ScenarioRow[]): { mine: ScenarioRow; others: ScenarioRow[] }[] {
  return [...new Set(rows.map((r) => r.scenario))].flatMap((scenario) => {
    const mine = rows.find((r) => r.scenario === scenario && r.contender === 'Pacer');
    return mine ? [{ mine, others: rows.filter((r) => r.scenario === scenario && r.contender !== 'Pacer') }] : [];
  });
}

function targetLines(rows: readonly ScenarioRow[]): string[] {
  const out: string[] = [];
  let met = 0;
  const all = pacerRows(rows);
  for (const { mine, others } of all) {
    const ratio = mine.wallMs / mine.minimumMs;
    const checks = [
      [ratio <= TARGET_RATIO, `${ratio.toFixed(3)} × the minimum (${mine.limitsKnown ? 'limits typed' : 'limits learned'})`],
      [share(mine) <= TARGET_429_SHARE, `429s ${mine.rateLimited}/${mine.requests}`],
      [mine.correct === mine.topics && mine.duplicates === 0, `${mine.correct}/${mine.topics} done, ${mine.duplicates} duplicates`],
    ] as const;
    const allMet = checks.every(([ok]) => ok);
    if (allMet) met++;
    const faster = others.every((o) => mine.wallMs < o.wallMs);
    out.push(
      `- **${mine.scenario}**: ${allMet ? 'all met' : 'MISSED'}: ${checks.map(([ok, text]) => `${ok ? 'met' : 'MISSED'} ${text}`).join('; ')}; ${faster ? 'faster' : 'NOT faster'} than both baselines (${others.map((o) => `${s(o.wallMs)} s`).join(', ')}).`,
    );
  }
  return [`Every target met in ${met} of ${all.length} scenarios.`, '', ...out];
}

function probeLines(rows: readonly ScenarioRow[]): string[] {
  const gap = (r: ScenarioRow) => (r.firstSendMs === null || r.secondSendMs === null ? null : r.secondSendMs - r.firstSendMs);
  return pacerRows(rows).map(({ mine, others }) => {
    const baseline = others.map((o) => `${o.contender}: ${ms(gap(o))} ms`).join('; ');
    return `- **${mine.scenario}**: first request at ${ms(mine.firstSendMs)} ms, second at ${ms(mine.secondSendMs)} ms: the probe held the rest back ${ms(gap(mine))} ms (${baseline}).`;
  });
}
