import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveOptions } from '../electron/providers/simulator/options.ts';
import { successesByPrompt } from '../electron/providers/simulator/stats.ts';
import { fixedSleep } from './baselines/fixed-sleep.ts';
import { spacedQueue } from './baselines/spaced-queue.ts';
import type { Contender } from './baselines/contender.ts';
import { measureEstimateAccuracy } from './estimate-accuracy.ts';
import type { EstimateRow } from './estimate-accuracy.ts';
import { measureBatchVsOnline, writeBatchSection } from './batch-mode.ts';
import { measureOverhead } from './overhead.ts';
import type { OverheadFigures } from './overhead.ts';
import { pacer } from './pacer-contender.ts';
import { renderResults } from './report.ts';
import { replaceSection } from './results-section.ts';
import type { ScenarioRow } from './report.ts';
import { chargedTokens, meanLatencyMs, promptFor, SCENARIOS } from './scenarios.ts';
import type { Scenario } from './scenarios.ts';
import { startSimulatorChild } from './simulator-child.ts';
import { theoreticalMinimumMs } from './theoretical-minimum.ts';
import { TEAM_SECTION, teamSection } from './team/team-report.ts';

/**
 * `npm run bench [name filter…]`: every limited scenario (or those whose name contains a filter)
 * against Pacer and both baselines, each on a fresh simulator in its own process, then the
 * engine-overhead figures, the cost estimate's error (filters `overhead`, `estimate`) and, in a full run,
 * Batch API vs online (batch-mode.ts); writes bench/results.md. `npm run bench -- batch` runs only that
 * last section. Run on an otherwise idle machine.
 */
const MODEL = 'gpt-4o-mini';
const only = process.argv.slice(2);

async function runScenario(scenario: Scenario, name: string, contender: Contender): Promise<ScenarioRow> {
  const sim = await startSimulatorChild({ seed: 7, trackPrompts: true, ...scenario.simulator });
  const topics = Array.from({ length: scenario.topics }, (_, i) => `topic ${i + 1}`);
  const prompt = (topic: string) => promptFor(scenario, topic);
  const sends: number[] = [];
  const startMs = Date.now();
  const startedAt = performance.now();
  try {
    const { results } = await contender({
      baseURL: sim.url,
      model: MODEL,
      topics,
      prompt,
      maxTokens: scenario.maxTokens,
      rpm: scenario.limitsKnown ? (scenario.simulator.rpm ?? null) : null,
      tpm: scenario.limitsKnown ? (scenario.simulator.tpm ?? null) : null,
      onSend: () => sends.push(performance.now() - startedAt),
    });
    const wallMs = performance.now() - startedAt;
    const stats = await sim.stats();
    const duplicates = [...successesByPrompt(stats).values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const correct = topics.filter((t) => (results.get(t) ?? '').length > 0).length;
    // Faults are admitted (they use budget) and force a resend: the minimum for this contender
    // counts the ones it actually met, each at the first topic's cost.
    const faults = stats.serverErrors + stats.hangs + stats.drops;
    const costs = [...topics.map((t) => chargedTokens(scenario, t)), ...Array.from({ length: faults }, () => chargedTokens(scenario, topics[0] as string))];
    const resolved = resolveOptions(scenario.simulator);
    const minimumMs = theoreticalMinimumMs({ costs, rpm: resolved.rpm, tpm: resolved.tpm, shape: resolved.shape, startMs, latencyMs: meanLatencyMs(scenario) });
    return {
      scenario: scenario.name,
      limitsKnown: scenario.limitsKnown,
      contender: name,
      wallMs,
      minimumMs,
      requests: stats.requests,
      rateLimited: stats.rateLimited,
      correct,
      topics: scenario.topics,
      duplicates,
      firstSendMs: sends[0] ?? null,
      secondSendMs: sends[1] ?? null,
    };
  } finally {
    await sim.close();
  }
}

async function main(): Promise<void> {
  const file = fileURLToPath(new URL('./results.md', import.meta.url));
  // The batch section alone rewrites only its own part of results.md.
  if (only.length === 1 && only[0] === 'batch') {
    writeBatchSection(file, await measureBatchVsOnline((line) => process.stdout.write(line)));
    process.stdout.write(`Wrote ${file}\n`);
    return;
  }
  const rows: ScenarioRow[] = [];
  const chosen = SCENARIOS.filter((scenario) => only.length === 0 || only.some((o) => scenario.name.toLowerCase().includes(o.toLowerCase())));
  for (const scenario of chosen) {
    const contenders: [string, Contender][] = [
      ['Pacer', pacer],
      ['(a) fixed 5 s sleep', fixedSleep],
      ['(b) 4 workers, 60/RPM spacing, backoff', spacedQueue(scenario.simulator.rpm ?? 60)],
    ];
    for (const [name, contender] of contenders) {
      process.stdout.write(`${scenario.name} · ${name} … `);
      const row = await runScenario(scenario, name, contender);
      process.stdout.write(`${(row.wallMs / 1000).toFixed(1)} s (minimum ${(row.minimumMs / 1000).toFixed(1)} s), ${row.rateLimited} × 429\n`);
      rows.push(row);
    }
  }
  let overhead: OverheadFigures | undefined;
  if (only.length === 0 || only.includes('overhead')) {
    process.stdout.write('Engine overhead … ');
    overhead = await measureOverhead();
    process.stdout.write(`${overhead.requestsPerSecond.toFixed(0)} requests/s\n`);
  }
  let estimates: EstimateRow[] | undefined;
  if (only.length === 0 || only.includes('estimate')) {
    process.stdout.write('Cost estimate vs real cost … ');
    estimates = await measureEstimateAccuracy();
    process.stdout.write(`${estimates.map((e) => `${e.name} ${(e.error * 100).toFixed(1)} %`).join(', ')}\n`);
  }
  writeFileSync(file, renderResults(rows, overhead, chosen, estimates));
  const teamFile = fileURLToPath(new URL('./results-team.md', import.meta.url));
  if (existsSync(teamFile)) replaceSection(file, TEAM_SECTION, teamSection(readFileSync(teamFile, 'utf8')));
  if (only.length === 0) writeBatchSection(file, await measureBatchVsOnline((line) => process.stdout.write(line)));
  process.stdout.write(`Wrote ${file}\n`);
}

await main();
