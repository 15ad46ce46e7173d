/**
 * bench/results-team.md: each team figure beside its baseline (the same processes, no sharing),
 * the targets, and whether each was met — misses included.
 */
export interface TeamRow {
  readonly scenario: string;
  readonly mode: 'shared' | 'baseline';
  readonly wallMs: number;
  /** Admitted per full server window over the allowance of the keys the scenario has (1 = the whole limit). */
  readonly fill: number;
  /** The limit the fill is measured against, in keys of L each. */
  readonly keys: number;
  readonly requests: number;
  readonly rateLimited: number;
  readonly quotaErrors: number;
  /** The most requests any window of one key was asked for, against its allowance. */
  readonly peakAsked: number;
  readonly allowance: number;
  /** Topics finished by the members expected to finish (a killed one is left out). */
  readonly done: number;
  readonly topics: number;
  /** What else this scenario is about (a lease given back, a key left). */
  readonly note: string;
  /**
   * Whether the throughput target applies: not where a key leaves the pool mid-run by design, nor
   * with Redis stopped (there the issue asks for no 429 storm and every topic done; each member
   * then goes on at its share of the limit alone).
   */
  readonly fillApplies: boolean;
  /** The baseline row to set this one beside, when it is another scenario's (the same processes without Redis). */
  readonly baselineOf?: string;
  /** Whether the scenario's own extra target (lease back, every topic on the other key) was met; undefined: none. */
  readonly extraMet?: boolean;
}

export const TARGET_FILL = 0.95;
export const TARGET_429_SHARE = 0.005;
export const LEASE_BACK_MS = 15_000;

export interface TeamSetting {
  readonly rpm: number;
  readonly windowSeconds: number;
  readonly latencyMs: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const share = (r: TeamRow) => r.rateLimited / Math.max(1, r.requests);

export function renderTeamResults(rows: readonly TeamRow[], setting: TeamSetting, totalMs: number): string {
  const allowance = (setting.rpm * setting.windowSeconds) / 60;
  const lines = [
    '# Team scale: one quota shared by processes through Redis, and pools of keys',
    '',
    `Written by \`npm run bench:team\` on ${new Date().toISOString()} (Node ${process.version}, ${process.platform}/${process.arch}) in ${(totalMs / 60_000).toFixed(1)} min.`,
    `One key's limit L = ${setting.rpm} requests/min, enforced by the simulator in fixed ${setting.windowSeconds} s windows on the clock (${allowance} requests`,
    'each) with strict accounting (a 429 counts against its window too), ~' + `${setting.latencyMs} ms per reply. Each member is the CLI in its own OS process`,
    '(`pacer run … --rpm L`); "shared" members add `--redis` to one redis-server the bench starts, "baseline" members are the',
    'same processes without it. Throughput is what the server admitted per full window (the first and last, partial, windows',
    "left out) over the keys' allowance; \"peak asked\" is the most requests any one window of one key was asked for.",
    'The server never admits more than its allowance, so a baseline that overshoots fills its windows too: what tells',
    'sharing from none is the 429s and the peak asked.',
    '',
    '| scenario | mode | wall (s) | throughput / limit | requests | 429s | 429 % | peak asked / allowance | topics done | note |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.mode} | ${(r.wallMs / 1000).toFixed(1)} | ${(r.fill * r.keys).toFixed(2)} L of ${r.keys} L (${pct(r.fill)}) | ${r.requests} | ${r.rateLimited} | ${pct(share(r))} | ${r.peakAsked} / ${r.allowance} | ${r.done}/${r.topics} | ${r.note} |`,
    ),
    '',
    `## Targets (shared rows): throughput ≥ ${pct(TARGET_FILL)} of the limit (with one key and Redis up), 429s ≤ ${pct(TARGET_429_SHARE)} of requests, no window asked for more than its allowance, every topic done, a killed member's leases back within ${LEASE_BACK_MS / 1000} s`,
    '',
    ...targetLines(rows),
  ];
  return `${lines.join('\n')}\n`;
}

function targetLines(rows: readonly TeamRow[]): string[] {
  const shared = rows.filter((r) => r.mode === 'shared');
  const out = shared.map((r) => {
    const checks: [boolean, string][] = [
      ...(r.fillApplies ? [[r.fill >= TARGET_FILL, `throughput ${pct(r.fill)}`] as [boolean, string]] : []),
      [share(r) <= TARGET_429_SHARE, `429s ${r.rateLimited}/${r.requests}`],
      [r.peakAsked <= r.allowance, `peak ${r.peakAsked}/${r.allowance}`],
      [r.done === r.topics, `${r.done}/${r.topics} done`],
      ...(r.extraMet === undefined ? [] : [[r.extraMet, r.note] as [boolean, string]]),
    ];
    const base = rows.find((b) => b.mode === 'baseline' && b.scenario === (r.baselineOf ?? r.scenario));
    const against = base ? `; baseline: ${pct(base.fill)}, ${base.rateLimited} × 429, peak ${base.peakAsked}/${base.allowance}, ${base.done}/${base.topics} done` : '';
    const figure = r.fillApplies ? '' : `; throughput ${pct(r.fill)} (no target)`;
    return `- **${r.scenario}**: ${checks.every(([ok]) => ok) ? 'all met' : 'MISSED'}: ${checks.map(([ok, text]) => `${ok ? 'met' : 'MISSED'} ${text}`).join('; ')}${figure}${against}.`;
  });
  const met = shared.filter((r) => !out[shared.indexOf(r)]!.includes('MISSED')).length;
  return [`Every target met in ${met} of ${shared.length} scenarios.`, '', ...out];
}

export const TEAM_SECTION = '## Team scale';

/** results-team.md as a section of results.md: its headings one level down. */
export function teamSection(teamResults: string): string {
  const body = teamResults
    .split('\n')
    .filter((line) => !line.startsWith('# '))
    .map((line) => (line.startsWith('## ') ? `#${line}` : line))
    .join('\n')
    .trim();
  return `${TEAM_SECTION}\n\nFrom [results-team.md](results-team.md), written by \`npm run bench:team\`.\n\n${body}\n`;
}
