import type { OverheadFigures } from './overhead.ts';
import type { Scenario } from './scenarios.ts';

export interface ScenarioRow {
  readonly scenario: string;
  /** The 3 % target applies only where the contenders are told the limits. */
  readonly limitsKnown: boolean;
  readonly contender: string;
  readonly wallMs: number;
  readonly minimumMs: number;
  readonly requests: number;
  readonly rateLimited: number;
  readonly correct: number;
  readonly topics: number;
  readonly duplicates: number;
}

const s = (ms: number) => (ms / 1000).toFixed(1);

/** bench/results.md: the figures, the targets, and whether each was met — misses included. */
export function renderResults(rows: readonly ScenarioRow[], overhead: OverheadFigures | undefined, scenarios: readonly Scenario[]): string {
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString()} (Node ${process.version}, ${process.platform}/${process.arch}).`,
    'Every contender runs against a fresh built-in simulator (real HTTP on loopback) with the same seed.',
    'The minimum is the theoretical one: buckets start full, the last request is admitted when both',
    'buckets have refilled what the burst could not cover, plus one reply latency (bench/theoretical-minimum.ts).',
    '',
    '## Scenarios',
    '',
    ...scenarios.map((sc) => `- **${sc.name}**: ${sc.what}.`),
    '',
    '| scenario | contender | wall (s) | minimum (s) | ratio | requests | 429s | 429 % | correct | duplicates |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.contender} | ${s(r.wallMs)} | ${s(r.minimumMs)} | ${(r.wallMs / r.minimumMs).toFixed(3)} | ${r.requests} | ${r.rateLimited} | ${((r.rateLimited / Math.max(1, r.requests)) * 100).toFixed(1)} | ${r.correct}/${r.topics} | ${r.duplicates} |`,
    ),
    '',
    '## Targets (Pacer)',
    '',
    ...targetLines(rows),
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
  return `${lines.join('\n')}\n`;
}

function targetLines(rows: readonly ScenarioRow[]): string[] {
  const out: string[] = [];
  for (const scenario of new Set(rows.map((r) => r.scenario))) {
    const mine = rows.find((r) => r.scenario === scenario && r.contender === 'Pacer');
    if (!mine) continue;
    const others = rows.filter((r) => r.scenario === scenario && r.contender !== 'Pacer');
    const ratio = mine.wallMs / mine.minimumMs;
    const over = `${((ratio - 1) * 100).toFixed(1)} %`;
    const checks = [
      mine.limitsKnown ? `${ratio <= 1.03 ? 'met' : 'MISSED'}: within 3 % of the minimum (${over})` : `${over} over the minimum (the 3 % target applies where limits are known)`,
      `${mine.rateLimited / Math.max(1, mine.requests) < 0.01 ? 'met' : 'MISSED'}: 429s under 1 % (${mine.rateLimited}/${mine.requests})`,
      `${mine.correct === mine.topics && mine.duplicates === 0 ? 'met' : 'MISSED'}: nothing lost or duplicated (${mine.correct}/${mine.topics}, ${mine.duplicates} duplicates)`,
      `${others.every((o) => mine.wallMs < o.wallMs) ? 'met' : 'MISSED'}: faster than both baselines (${others.map((o) => `${s(o.wallMs)} s`).join(', ')})`,
    ];
    out.push(`- **${scenario}**: ${checks.join('; ')}.`);
  }
  return out;
}
