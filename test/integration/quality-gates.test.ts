import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSettingsInput } from '../../shared/domain/settings.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import type { GateSettingsInput } from '../../shared/quality/gate-settings.ts';
import { RunExporter } from '../../electron/export/run-exporter.ts';
import { ProviderPool } from '../../electron/providers/provider-pool.ts';
import type { SimulatorOptions } from '../../electron/providers/simulator/options.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { RunService } from '../../electron/runs/run-service.ts';
import type { RunStore } from '../../electron/store/open-database.ts';
import { openRunStore } from '../../electron/store/open-database.ts';

/** Every gate, in a run of the real engine and store against the simulator over HTTP. */
let dir: string;
let sim: RunningSimulator;
let store: RunStore;
let service: RunService;

async function setUp(simulator: SimulatorOptions = {}): Promise<void> {
  sim = await startSimulator({ seed: 7, rpm: null, tpm: null, latency: { firstTokenMs: 5, jitterMs: 5, tokensPerSecond: 100_000 }, ...simulator });
  store = openRunStore(join(dir, 'data'));
  service = new RunService({ store, providers: new ProviderPool() });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-gates-'));
});
afterEach(async () => {
  await service?.close();
  store?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function createRun(gates: GateSettingsInput, topics: readonly string[], settings: RunSettingsInput = {}): string {
  const parsed = RunSettingsSchema.parse({
    provider: { kind: 'openai', baseURL: sim.url },
    model: 'gpt-4o-mini',
    promptTemplate: 'Write an SEO article about {{topic}}',
    maxTokens: 200,
    workers: 4,
    ...settings,
    gates,
  });
  return service.create({ settings: parsed, inputs: topics.map((topic, index) => ({ index, topic, vars: { topic } })) });
}

const failedReasons = (runId: string) => store.getTasks(runId).map((t) => t.gates?.filter((g) => !g.passed).map((g) => `${g.gate}: ${g.reason}`));

describe('quality gates against the simulator', () => {
  it('words: a short article is regenerated N times, each its own stored attempt with its verdict and cost, then needs review', async () => {
    await setUp();
    const id = createRun({ maxRegenerations: 2, words: { min: 1_000 } }, ['Coffee brewing', 'Green tea']);
    const result = await service.start(id);
    expect(result.outcome).toBe('completed');
    expect(result.counts).toMatchObject({ done: 0, needs_review: 2 });
    for (const task of store.getTasks(id)) {
      expect(task.status).toBe('needs_review');
      expect(task.regenerations).toBe(2);
      const attempts = store.getAttempts(id, task.id);
      expect(attempts.map((a) => [a.status, a.regeneration])).toEqual([
        ['rejected', 0],
        ['rejected', 1],
        ['ok', 2],
      ]);
      for (const attempt of attempts) {
        expect(attempt.gates).toEqual([{ gate: 'words', passed: false, reason: expect.stringMatching(/^\d+ words, at least 1,000 required$/) }]);
        expect(attempt.costUsd).toBeGreaterThan(0);
      }
      // The regenerations' spend is stored apart and counted in the task's cost.
      const rejectedCost = attempts[0]!.costUsd! + attempts[1]!.costUsd!;
      expect(task.regenerationCostUsd).toBeCloseTo(rejectedCost, 12);
      expect(task.costUsd).toBeCloseTo(rejectedCost + attempts[2]!.costUsd!, 12);
    }
    expect(store.getRun(id)?.counts.needs_review).toBe(2);
  });

  it('words: an article over the maximum fails too, and one in range passes', async () => {
    await setUp();
    const over = createRun({ maxRegenerations: 0, words: { max: 20 } }, ['Coffee brewing']);
    expect((await service.start(over)).counts.needs_review).toBe(1);
    expect(failedReasons(over)).toEqual([[expect.stringMatching(/^words: \d+ words, at most 20 allowed$/)]]);
    const fits = createRun({ maxRegenerations: 0, words: { min: 20, max: 1_000 } }, ['Coffee brewing']);
    expect((await service.start(fits)).counts.done).toBe(1);
  });

  it('keywords: an article that never names the topic fails with the missing words', async () => {
    await setUp();
    // The simulator titles its article after the prompt's first line: here not the topic.
    const id = createRun({ maxRegenerations: 0, keywords: {} }, ['zebra migration'], { promptTemplate: 'Write an article.\n{{topic}}' });
    expect((await service.start(id)).counts.needs_review).toBe(1);
    expect(failedReasons(id)).toEqual([['keywords: missing key words: zebra, migration (0 of 2 key words present, at least 80 % required)']]);
    const named = createRun({ maxRegenerations: 0, keywords: {} }, ['zebra migration']);
    expect((await service.start(named)).counts.done).toBe(1);
  });

  it('structure: too few headings fails with the count against the minimum', async () => {
    await setUp();
    const id = createRun({ maxRegenerations: 0, structure: { minHeadings: 40 } }, ['Coffee brewing']);
    expect((await service.start(id)).counts.needs_review).toBe(1);
    expect(failedReasons(id)).toEqual([[expect.stringMatching(/^structure: \d+ headings, at least 40 required$/)]]);
  });

  it('phrases: a placeholder from the default list fails, naming the phrase and its line', async () => {
    await setUp();
    const id = createRun({ maxRegenerations: 0, phrases: {} }, ['Lorem ipsum dolor', 'Coffee brewing']);
    const result = await service.start(id);
    expect(result.counts).toMatchObject({ done: 1, needs_review: 1 });
    expect(failedReasons(id)).toEqual([['phrases: contains "Lorem ipsum" (line 1)'], []]);
  });

  it('phrases: refusals are regenerated until a real article comes, and stored as rejected attempts', async () => {
    await setUp({ refusalRate: 0.5 });
    const topics = Array.from({ length: 12 }, (_, i) => `Topic number ${i}`);
    const id = createRun({ maxRegenerations: 6, phrases: {} }, topics);
    const result = await service.start(id);
    expect(result.outcome).toBe('completed');
    const tasks = store.getTasks(id);
    const regenerated = tasks.filter((t) => t.regenerations > 0);
    expect(regenerated.length).toBeGreaterThan(0);
    expect(regenerated.some((t) => t.status === 'done')).toBe(true);
    for (const task of regenerated) {
      const rejected = store.getAttempts(id, task.id).filter((a) => a.status === 'rejected');
      expect(rejected).toHaveLength(task.regenerations);
      for (const attempt of rejected) expect(attempt.gates).toEqual([{ gate: 'phrases', passed: false, reason: `contains "I'm sorry, but I can't" (line 1), "I can't help with" (line 1)` }]);
    }
  });

  it('regenerations and transport retries are two budgets: a flaky server and refusals together', async () => {
    await setUp({ refusalRate: 0.4, faults: { serverErrorRate: 0.3 } });
    const topics = Array.from({ length: 16 }, (_, i) => `Subject number ${i}`);
    const id = createRun({ maxRegenerations: 4, phrases: {} }, topics, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    await service.start(id);
    let mixed = 0;
    for (const task of store.getTasks(id)) {
      const attempts = store.getAttempts(id, task.id);
      // Each writing of the article (regeneration n) has its own 2 transport attempts at most...
      const perWriting = Map.groupBy(attempts, (a) => a.regeneration);
      for (const writing of perWriting.values()) expect(writing.length).toBeLessThanOrEqual(2);
      expect(perWriting.size).toBe(task.regenerations + 1);
      // ...and a task that failed did so on a transport error, never for want of regenerations.
      if (task.status === 'failed') expect(task.error?.kind).toBe('server_error');
      if (attempts.some((a) => a.status === 'failed') && attempts.some((a) => a.status === 'rejected')) mixed++;
    }
    // Some task met both a server error and a refusal, and used more attempts than the transport budget alone allows.
    expect(mixed).toBeGreaterThan(0);
    expect(store.getTasks(id).some((t) => t.attempts > 2)).toBe(true);
  });

  it('near-duplicate: the same article twice passes once; a retry compares with the stored article that passed', async () => {
    await setUp();
    const id = createRun({ maxRegenerations: 1, nearDuplicate: {} }, ['Coffee brewing', 'Coffee brewing', 'Green tea'], { workers: 1 });
    const result = await service.start(id);
    expect(result.counts).toMatchObject({ done: 2, needs_review: 1 });
    expect(failedReasons(id)).toEqual([[], ['nearDuplicate: near-duplicate of task 0 (Jaccard 1.00)'], []]);
    // A new engine (retry-failed sends what needs review again) knows the article that passed from the store.
    const retried = await service.retryFailed(id);
    expect(retried.counts).toMatchObject({ done: 2, needs_review: 1 });
    // One regeneration in each round: the stored count is the task's whole history.
    expect(store.getTask(id, '1')?.regenerations).toBe(2);
  });

  it('review: accept and reject, edit in place (gates judge the new text), and export only what was accepted', async () => {
    await setUp();
    const id = createRun({ maxRegenerations: 0, words: { min: 50 } }, ['Coffee brewing', 'Green tea', 'Cocoa'], { maxTokens: 30 });
    expect((await service.start(id)).counts.needs_review).toBe(3);
    service.editArticle(id, '0', `# Coffee brewing\n\n${'Good coffee needs fresh beans. '.repeat(12)}`);
    expect(store.getTask(id, '0')).toMatchObject({ gates: [{ gate: 'words', passed: true, reason: '62 words (at least 50)' }], editedAt: expect.any(Number) });
    expect(service.review(id, ['0', '1'], 'accepted')).toBe(2);
    expect(service.review(id, ['1'], 'rejected')).toBe(1);
    const out = join(dir, 'accepted');
    const exporter = await RunExporter.open(store, id, out, { acceptedOnly: true });
    expect(await exporter.exportAll()).toMatchObject({ written: 1, failed: [] });
    expect(readdirSync(out)).toEqual(['coffee-brewing.md']);
    expect(() => service.review(id, ['9'], 'accepted')).toThrow(/does not exist/);
  });
});
