import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { successesByPrompt } from '../../electron/providers/simulator/stats.ts';
import type { SimulatorStats } from '../../electron/providers/simulator/stats.ts';
import { RedisServer } from '../../test/support/redis-server.ts';
import { startSimulatorChild } from '../simulator-child.ts';
import type { SimulatorChild } from '../simulator-child.ts';
import { startMember } from './cli-member.ts';
import type { Member } from './cli-member.ts';
import { runInProcess } from './in-process-runs.ts';
import { watchLeaseReturn } from './redis-leases.ts';
import { replaceSection } from '../results-section.ts';
import { LEASE_BACK_MS, renderTeamResults, TEAM_SECTION, teamSection } from './team-report.ts';
import type { TeamRow, TeamSetting } from './team-report.ts';
import { windowFigures } from './window-counts.ts';

/**
 * `npm run bench:team`: one key's limit shared by 1–8 CLI processes through a real redis-server
 * (and by two runs in one process), a member killed mid-run, Redis stopped mid-run, two keys
 * pooled, a key whose quota runs out; each beside the same processes with no sharing. Writes
 * bench/results-team.md. Run on an otherwise idle machine; about ten minutes.
 */
const SETTING: TeamSetting = { rpm: 1_200, windowSeconds: 5, latencyMs: 250 };
const ALLOWANCE = (SETTING.rpm * SETTING.windowSeconds) / 60;
/** ~25 s at the limit: five full windows of throughput. */
const TOPICS = 500;
const KEY_A = 'sk-team-bench-key-A001';
const KEY_B = 'sk-team-bench-key-B002';
/** Admitted requests after which key B's billing runs dry in the quota scenario. */
const B_QUOTA = 60;
/** Where "mid-run" is: this share of the topics done. */
const MID_RUN = 0.35;
const SCENARIO_TIMEOUT_MS = 150_000;

interface Spec {
  readonly scenario: string;
  readonly shared: boolean;
  /** Topics per member (or per run, in process). */
  readonly members: readonly number[];
  readonly keys: readonly string[];
  readonly inProcess?: boolean;
  readonly midRun?: 'kill' | 'stopRedis';
  readonly keyQuota?: Record<string, number>;
  readonly fillApplies?: boolean;
  readonly baselineOf?: string;
}

const split = (n: number): number[] => Array.from({ length: n }, (_, i) => Math.floor(TOPICS / n) + (i < TOPICS % n ? 1 : 0));

function specs(): Spec[] {
  const out: Spec[] = [];
  for (const n of [1, 2, 4, 8]) {
    for (const shared of [true, false]) out.push({ scenario: `${n} process${n === 1 ? '' : 'es'}, one key`, shared, members: split(n), keys: [KEY_A] });
  }
  for (const shared of [true, false]) out.push({ scenario: 'two runs in one process', shared, members: split(2), keys: [KEY_A], inProcess: true });
  for (const shared of [true, false]) out.push({ scenario: '4 processes, one killed (kill -9) mid-run', shared, members: split(4), keys: [KEY_A], midRun: 'kill' });
  out.push({ scenario: '4 processes, Redis stopped mid-run', shared: true, members: split(4), keys: [KEY_A], midRun: 'stopRedis', fillApplies: false, baselineOf: '4 processes, one key' });
  out.push({ scenario: 'two keys of L each, one process', shared: true, members: [TOPICS * 2], keys: [KEY_A, KEY_B] });
  out.push({ scenario: 'two keys of L each, one process', shared: false, members: [TOPICS], keys: [KEY_A] });
  out.push({ scenario: 'a key runs out of quota mid-run', shared: true, members: [TOPICS], keys: [KEY_A, KEY_B], keyQuota: { [KEY_B]: B_QUOTA }, fillApplies: false });
  out.push({ scenario: 'a key runs out of quota mid-run', shared: false, members: [TOPICS], keys: [KEY_B], keyQuota: { [KEY_B]: B_QUOTA }, fillApplies: false });
  return out;
}

async function runSpec(spec: Spec, index: number): Promise<TeamRow> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pacer-bench-team-'));
  const sim = await startSimulatorChild({
    seed: 7,
    rpm: SETTING.rpm,
    tpm: null,
    shape: { requests: { kind: 'window', seconds: SETTING.windowSeconds } },
    chargeRejected: true,
    latency: { firstTokenMs: SETTING.latencyMs, jitterMs: 20, tokensPerSecond: 4_000 },
    completionRatio: [1, 1],
    keyQuotaRequests: spec.keyQuota ?? {},
    trackPrompts: true,
    trackArrivals: true,
  });
  // A pool is the keys of one process; "sharing" a pool's quota needs no Redis with one process.
  const redis = spec.shared && spec.keys.length === 1 ? await RedisServer.start() : undefined;
  const topics = spec.members.map((count, m) => Array.from({ length: count }, (_, t) => `s${index}-m${m}-t${t}`));
  const total = topics.reduce((sum, list) => sum + list.length, 0);
  const startedAt = performance.now();
  let note = '';
  let extraMet: boolean | undefined;
  let killedMember: number | undefined;
  try {
    if (spec.inProcess) {
      await withTimeout(runInProcess({ dir, baseURL: sim.url, key: spec.keys[0]!, rpm: SETTING.rpm, runs: topics, shared: spec.shared }), 'the in-process runs');
    } else {
      const members = topics.map((list, m) =>
        startMember({
          dir: path.join(dir, `m${m}`),
          baseURL: sim.url,
          topics: list,
          rpm: SETTING.rpm,
          key: spec.keys[0]!,
          ...(redis && { redisUrl: redis.url }),
          ...(spec.keys.length > 1 && { keysFile: spec.keys.map((key, k) => `${key} key${String.fromCharCode(65 + k)}`) }),
        }),
      );
      const middle = spec.midRun ? midRun(spec, sim, total, members, redis) : Promise.resolve(undefined);
      const codes = await withTimeout(Promise.all(members.map((m) => m.exited)), 'the members', () => members.forEach((m) => m.kill()));
      const happened = await middle;
      if (happened) ({ note, extraMet, killedMember } = happened);
      const failed = codes.flatMap((code, m) => (code === 0 || m === killedMember ? [] : [`member ${m} exited ${code}: ${members[m]!.output().trim().split('\n').at(-1)}`]));
      if (failed.length > 0) note = [note, ...failed].filter(Boolean).join('; ');
    }
    const wallMs = performance.now() - startedAt;
    const stats = await sim.stats();
    const expected = topics.filter((_, m) => m !== killedMember).flat();
    const done = countDone(stats, expected);
    if (spec.keyQuota) {
      note = [note, `key B refused after ${B_QUOTA} admitted (${stats.quotaErrors} × insufficient_quota)`].filter(Boolean).join('; ');
      if (spec.shared) extraMet = done === expected.length;
    }
    const figures = windowFigures(stats.arrivals ?? [], SETTING.windowSeconds * 1_000, ALLOWANCE, spec.keys.length);
    return {
      scenario: spec.scenario,
      mode: spec.shared ? 'shared' : 'baseline',
      wallMs,
      fill: figures.fill,
      keys: spec.keys.length,
      requests: stats.requests,
      rateLimited: stats.rateLimited,
      quotaErrors: stats.quotaErrors,
      peakAsked: figures.peakAsked,
      allowance: ALLOWANCE,
      done,
      topics: expected.length,
      note,
      fillApplies: spec.fillApplies ?? true,
      ...(spec.baselineOf && { baselineOf: spec.baselineOf }),
      ...(extraMet !== undefined && { extraMet }),
    };
  } finally {
    await sim.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until MID_RUN of the topics are done, then kills the last member or stops Redis. */
async function midRun(spec: Spec, sim: SimulatorChild, total: number, members: readonly Member[], redis: RedisServer | undefined): Promise<{ note: string; extraMet?: boolean; killedMember?: number }> {
  while ((await sim.stats()).succeeded < total * MID_RUN) await new Promise((resolve) => setTimeout(resolve, 200));
  if (spec.midRun === 'stopRedis') {
    await redis?.stop();
    return { note: `Redis stopped after ${Math.round(MID_RUN * 100)} % of the topics` };
  }
  const killedMember = members.length - 1;
  members[killedMember]!.kill();
  const killed = Date.now();
  if (!redis) return { note: `member ${killedMember} killed after ${Math.round(MID_RUN * 100)} % of the topics`, killedMember };
  const lease = await watchLeaseReturn(redis.url, killed);
  const back = lease.backMs === null ? 'NOT back within 30 s' : `back in ${(lease.backMs / 1000).toFixed(1)} s`;
  return { note: `killed member's ${lease.held} lease${lease.held === 1 ? '' : 's'} ${back}`, extraMet: lease.backMs !== null && lease.backMs <= LEASE_BACK_MS, killedMember };
}

function countDone(stats: SimulatorStats, topics: readonly string[]): number {
  const byPrompt = successesByPrompt(stats);
  return topics.filter((topic) => (byPrompt.get(topic) ?? 0) > 0).length;
}

async function withTimeout<T>(work: Promise<T>, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${what} did not finish within ${SCENARIO_TIMEOUT_MS / 1000} s`));
    }, SCENARIO_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const began = performance.now();
  const rows: TeamRow[] = [];
  for (const [index, spec] of specs().entries()) {
    if (only.length > 0 && !only.some((o) => spec.scenario.toLowerCase().includes(o.toLowerCase()))) continue;
    process.stdout.write(`${spec.scenario} · ${spec.shared ? 'shared' : 'baseline'} … `);
    const row = await runSpec(spec, index);
    process.stdout.write(`${(row.wallMs / 1000).toFixed(1)} s, throughput ${(row.fill * 100).toFixed(1)} % of ${row.keys} L, ${row.rateLimited} × 429, peak ${row.peakAsked}/${row.allowance}, ${row.done}/${row.topics} done${row.note ? `, ${row.note}` : ''}\n`);
    rows.push(row);
  }
  const file = fileURLToPath(new URL('../results-team.md', import.meta.url));
  const team = renderTeamResults(rows, SETTING, performance.now() - began);
  writeFileSync(file, team);
  const results = fileURLToPath(new URL('../results.md', import.meta.url));
  replaceSection(results, TEAM_SECTION, teamSection(team));
  process.stdout.write(`Wrote ${file} and its section of ${results}\n`);
}

await main();
