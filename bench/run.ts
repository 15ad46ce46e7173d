import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../electron/providers/simulator/start-simulator.ts';
import { successesByPrompt } from '../electron/providers/simulator/stats.ts';
import { fixedSleep } from './baselines/fixed-sleep.ts';
import { spacedQueue } from './baselines/spaced-queue.ts';
import type { Contender } from './baselines/contender.ts';
import { measureOverhead } from './overhead.ts';
import type { OverheadFigures } from './overhead.ts';
import { pacer } from './pacer-contender.ts';
import { renderResults } from './report.ts';
import type { ScenarioRow } from './report.ts';
import { meanLatencyMs, promptFor, SCENARIOS } from './scenarios.ts';
import type { Scenario } from './scenarios.ts';
import { theoreticalMinimumMs } from './theoretical-minimum.ts';

/**
 * `npm run bench`: every limited scenario against Pacer and both baselines on a fresh simulator
 * each, then the engine-overhead figures; writes bench/results.md. Run on an otherwise idle machine.
 */
const MODEL = 'gpt-4o-mini';
const only = process.argv.slice(2);

async function runScenario(scenario: Scenario, name: string, contender: Contender): Promise<ScenarioRow> {
  const sim = await startSimulator({ seed: 7, trackPrompts: true, ...scenario.simulator });
  const topics = Array.from({ length: scenario.topics }, (_, i) => `topic ${i + 1}`);
  const prompt = (topic: string) => promptFor(scenario, topic);
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
    });
    const wallMs = performance.now() - startedAt;
    const stats = sim.stats();
    const duplicates = [...successesByPrompt(stats).values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const correct = topics.filter((t) => (results.get(t) ?? '').length > 0).length;
    const tokensPerRequest = Math.ceil(prompt(topics[0]!).length / 4) + scenario.maxTokens;
    // Faults are admitted (they use budget) and force a resend: the minimum for this contender
    // counts the ones it actually met.
    const minimumMs = theoreticalMinimumMs({
      requests: scenario.topics + stats.serverErrors + stats.hangs + stats.drops,
      tokensPerRequest,
      rpm: scenario.simulator.rpm ?? null,
      tpm: scenario.simulator.tpm ?? null,
      burstSeconds: scenario.simulator.burstSeconds ?? 60,
      latencyMs: meanLatencyMs(scenario),
    });
    return { scenario: scenario.name, limitsKnown: scenario.limitsKnown, contender: name, wallMs, minimumMs, requests: stats.requests, rateLimited: stats.rateLimited, correct, topics: scenario.topics, duplicates };
  } finally {
    await sim.close();
  }
}

async function main(): Promise<void> {
  const rows: ScenarioRow[] = [];
  for (const scenario of SCENARIOS) {
    if (only.length > 0 && !only.some((o) => scenario.name.toLowerCase().includes(o.toLowerCase()))) continue;
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
  const file = fileURLToPath(new URL('./results.md', import.meta.url));
  writeFileSync(file, renderResults(rows, overhead, SCENARIOS));
  process.stdout.write(`Wrote ${file}\n`);
}

await main();
