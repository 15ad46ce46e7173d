import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUDGET_REACHED } from '../../shared/domain/events.ts';
import type { EngineEvent } from '../../shared/domain/events.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import { costUsd, priceFor } from '../../shared/pricing.ts';
import { estimateRun } from '../../electron/engine/estimate-run.ts';
import { ProviderPool } from '../../electron/providers/provider-pool.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { successesByPrompt } from '../../electron/providers/simulator/stats.ts';
import { RunService } from '../../electron/runs/run-service.ts';
import type { RunStore } from '../../electron/store/open-database.ts';
import { openRunStore } from '../../electron/store/open-database.ts';

/**
 * The budget against the built-in simulator over real HTTP, with the store: a run whose budget
 * covers about half its topics stops with "budget reached" having spent no more than the budget
 * plus one request's worst case; resumed with a higher budget it finishes every topic, and no
 * topic's article is paid for twice. Faults (5xx, dropped streams) are on, so failed attempts
 * are part of the spend.
 */
const TOPICS = 24;
const MAX_TOKENS = 200;
const PRICE = priceFor('gpt-4o-mini')!;

let dir: string;
let sim: RunningSimulator;
let store: RunStore;
let service: RunService;
const events: EngineEvent[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-budget-'));
  sim = await startSimulator({
    seed: 11,
    rpm: null,
    tpm: null,
    latency: { firstTokenMs: 10, jitterMs: 10, tokensPerSecond: 20_000 },
    faults: { serverErrorRate: 0.1, dropRate: 0.1 },
    trackPrompts: true,
  });
  store = openRunStore(join(dir, 'data'));
  events.length = 0;
  service = new RunService({ store, providers: new ProviderPool() });
  service.on((e) => {
    if ('seq' in e) events.push(e);
  });
});
afterEach(async () => {
  await service.close();
  store.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a run with a budget, on the simulator', () => {
  it('stops at about half its topics within budget + one worst case; resumed with more, finishes all, nothing paid twice', async () => {
    const inputs = Array.from({ length: TOPICS }, (_, index) => ({ index, topic: `Budget topic ${index + 1}`, vars: {} }));
    const base = { provider: { kind: 'openai', baseURL: sim.url }, promptTemplate: 'Write a short article about {{topic}}', maxTokens: MAX_TOKENS, workers: 4 };
    const expected = estimateRun({ tasks: inputs, settings: RunSettingsSchema.parse(base) }).cost!.expectedUsd;
    const budgetUsd = expected / 2;
    const id = service.create({ settings: RunSettingsSchema.parse({ ...base, budgetUsd }), inputs });

    const stopped = await service.start(id);
    expect(stopped.outcome).toBe('stopped');
    expect(stopped.error?.code).toBe(BUDGET_REACHED);
    expect(store.getRun(id)?.error?.code).toBe(BUDGET_REACHED);
    const worst = Math.max(...events.filter((e) => e.type === 'attempt.started').map((e) => costUsd(PRICE, e.estimatedTokens - MAX_TOKENS, MAX_TOKENS)));
    const spent = store.spentUsd(id);
    expect(spent, 'the store and the engine agree on the spend').toBeCloseTo(stopped.budget!.spentUsd, 12);
    expect(spent).toBeLessThanOrEqual(budgetUsd + worst);
    // The spend is what the server reported: every reply's usage, and output streamed before a drop.
    const billed = events.reduce((sum, e) => sum + ((e.type === 'task.done' || e.type === 'attempt.failed') && e.costUsd !== undefined ? e.costUsd : 0), 0);
    expect(spent).toBeCloseTo(billed, 12);
    const doneFirst = stopped.counts.done;
    expect(doneFirst).toBeGreaterThanOrEqual(TOPICS * 0.3);
    expect(doneFirst).toBeLessThanOrEqual(TOPICS * 0.7);
    expect(stopped.counts.cancelled).toBe(TOPICS - doneFirst - stopped.counts.failed);
    // It stopped because the next request's worst case no longer fit.
    expect(spent + worst).toBeGreaterThan(budgetUsd);

    events.length = 0;
    const finished = await service.start(id, ['cancelled'], { budgetUsd: budgetUsd * 3 });
    expect(finished.outcome).toBe('completed');
    expect(finished.counts.done).toBe(TOPICS);
    expect(store.getRun(id)?.settings.budgetUsd, 'the higher budget is the run’s now').toBe(budgetUsd * 3);
    expect(finished.budget!.spentUsd).toBeCloseTo(store.spentUsd(id), 12);
    expect(finished.budget!.spentUsd).toBeLessThanOrEqual(budgetUsd * 3);
    // Every topic's article was delivered exactly once by the server over both starts.
    const successes = successesByPrompt(sim.stats());
    expect(successes.size).toBe(TOPICS);
    expect([...successes.values()].every((n) => n === 1)).toBe(true);
    expect(events.filter((e) => e.type === 'attempt.started').length, 'the second start sent only what was not done').toBeGreaterThanOrEqual(TOPICS - doneFirst);
    expect(events.filter((e) => e.type === 'task.done')).toHaveLength(TOPICS - doneFirst);
  }, 60_000);
});
