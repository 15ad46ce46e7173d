import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateRun } from '../electron/engine/estimate-run.ts';
import { ProviderPool } from '../electron/providers/provider-pool.ts';
import { successesByPrompt } from '../electron/providers/simulator/stats.ts';
import { RunService } from '../electron/runs/run-service.ts';
import { openRunStore } from '../electron/store/open-database.ts';
import type { RunMode } from '../shared/domain/settings.ts';
import { RunSettingsSchema } from '../shared/domain/settings.ts';
import { replaceSection } from './results-section.ts';
import { startSimulatorChild } from './simulator-child.ts';

/**
 * `npm run bench -- batch`: 1,000 topics through the whole app path (RunService, SQLite store,
 * the official SDK over HTTP) online and through the Batch API, each against a fresh simulator in
 * its own process with gpt-4o-mini's tier-1 limits. The batch's turnaround is the simulator's
 * configured completion time, not a measurement of OpenAI's (minutes to 24 h): the wall time says
 * what Pacer adds around a batch; the cost is what the same articles cost at each price.
 */
const TOPICS = 1_000;
const LIMITS = { rpm: 500, tpm: 200_000 };
const BATCH_COMPLETION_MS = 20_000;
const SECTION = '## Batch API vs online';
const s = (ms: number) => (ms / 1000).toFixed(1);

export interface BatchBenchRow {
  readonly mode: RunMode;
  readonly wallMs: number;
  readonly done: number;
  readonly costUsd: number;
  readonly estimatedUsd: number;
  readonly requests: number;
  readonly rateLimited: number;
  readonly duplicates: number;
  readonly batches: number;
  /** Batch mode: from the start to the batch's creation, its time at the provider, and from its end to the last article stored. */
  readonly phases?: { readonly submitMs: number; readonly providerMs: number; readonly collectMs: number };
}

export async function measureBatchVsOnline(log: (line: string) => void): Promise<BatchBenchRow[]> {
  const rows: BatchBenchRow[] = [];
  for (const mode of ['online', 'batch'] as const) {
    log(`${TOPICS} topics · ${mode} … `);
    const row = await measure(mode);
    log(`${(row.wallMs / 1000).toFixed(1)} s, $${row.costUsd.toFixed(4)}\n`);
    rows.push(row);
  }
  return rows;
}

async function measure(mode: RunMode): Promise<BatchBenchRow> {
  const sim = await startSimulatorChild({ seed: 7, trackPrompts: true, ...LIMITS, batch: { completionMs: BATCH_COMPLETION_MS } });
  const dir = mkdtempSync(join(tmpdir(), 'pacer-bench-batch-'));
  const store = openRunStore(join(dir, 'data'));
  const service = new RunService({ store, providers: new ProviderPool({ apiKey: () => 'sk-bench' }) });
  try {
    const settings = RunSettingsSchema.parse({ provider: { kind: 'openai', baseURL: sim.url }, mode, maxTokens: 300, ...LIMITS });
    const inputs = Array.from({ length: TOPICS }, (_, index) => ({ index, topic: `topic ${index + 1}`, vars: {} }));
    const estimate = estimateRun({ tasks: inputs, settings });
    const runId = service.create({ settings, inputs });
    const marks: { created?: number; ended?: number; lastDone?: number } = {};
    service.on((event) => {
      if (event.type === 'batch.status') {
        const [batch] = event.batches;
        if (batch?.batchId) marks.created ??= performance.now();
        if (batch && ['completed', 'expired', 'failed', 'cancelled'].includes(batch.status)) marks.ended ??= performance.now();
      }
      if (event.type === 'task.done') marks.lastDone = performance.now();
    });
    const startedAt = performance.now();
    const result = await service.start(runId);
    const wallMs = performance.now() - startedAt;
    const { created, ended, lastDone } = marks;
    const phases = created !== undefined && ended !== undefined && lastDone !== undefined ? { submitMs: created - startedAt, providerMs: ended - created, collectMs: lastDone - ended } : undefined;
    const tasks = store.getTasks(runId);
    const stats = await sim.stats();
    return {
      mode,
      wallMs,
      done: result.counts.done,
      costUsd: tasks.reduce((sum, task) => sum + (task.costUsd ?? 0), 0),
      estimatedUsd: (mode === 'online' ? estimate.cost : estimate.batchCost)?.expectedUsd ?? Number.NaN,
      requests: stats.requests,
      rateLimited: stats.rateLimited,
      duplicates: [...successesByPrompt(stats).values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      batches: store.batches.list(runId).length,
      ...(phases && { phases }),
    };
  } finally {
    await service.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
    await sim.close();
  }
}

/** Writes the section into bench/results.md in place of an earlier one, leaving the rest as it is. */
export function writeBatchSection(file: string, rows: readonly BatchBenchRow[]): void {
  replaceSection(file, SECTION, renderBatchSection(rows));
}

function renderBatchSection(rows: readonly BatchBenchRow[]): string {
  const online = rows.find((r) => r.mode === 'online');
  const batch = rows.find((r) => r.mode === 'batch');
  const lines = [
    SECTION,
    '',
    `Written by \`npm run bench -- batch\` on ${new Date().toISOString()} (Node ${process.version}, ${process.platform}/${process.arch}).`,
    `${TOPICS.toLocaleString('en-US')} topics, gpt-4o-mini, max 300 output tokens, the simulator at ${LIMITS.rpm} RPM / ${LIMITS.tpm.toLocaleString('en-US')} TPM`,
    `(tier 1), its batches set to complete in ${BATCH_COMPLETION_MS / 1000} s. Cost is the sum of the stored per-article costs (usage × list`,
    'price, half for the Batch API); the estimate is the pre-run expected cost at the same tier.',
    '',
    '| mode | wall (s) | done | cost (USD) | estimate (USD) | estimate error | online requests | 429s | duplicates | batches |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.mode} | ${(r.wallMs / 1000).toFixed(1)} | ${r.done}/${TOPICS} | ${r.costUsd.toFixed(4)} | ${r.estimatedUsd.toFixed(4)} | ${(((r.estimatedUsd - r.costUsd) / r.costUsd) * 100).toFixed(1)} % | ${r.requests} | ${r.rateLimited} | ${r.duplicates} | ${r.batches} |`,
    ),
    '',
  ];
  if (online && batch) {
    lines.push(
      `Batch costs ${((batch.costUsd / online.costUsd) * 100).toFixed(1)} % of online for the same articles. Its wall time is the simulated`,
      `turnaround (${BATCH_COMPLETION_MS / 1000} s) plus Pacer's own work; online is bound by the TPM limit.`,
      ...(batch.phases
        ? [
            `Batch phases: ${s(batch.phases.submitMs)} s from the start to the batch created (each task's attempt stored durably, lines written, file uploaded),`,
            `${s(batch.phases.providerMs)} s at the provider until a poll saw it end (the simulated ${BATCH_COMPLETION_MS / 1000} s plus the poll interval then in force),`,
            `${s(batch.phases.collectMs)} s from there to the last article stored (files read, each result stored durably).`,
          ]
        : []),
      'A real batch takes from minutes to the 24 h window: pick batch (or auto with a deadline) when the articles can wait.',
      '',
    );
  }
  return lines.join('\n');
}
