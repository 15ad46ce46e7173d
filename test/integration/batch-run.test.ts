import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderPool } from '../../electron/providers/provider-pool.ts';
import type { SimulatorOptions } from '../../electron/providers/simulator/options.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import type { RunServiceOptions } from '../../electron/runs/run-service.ts';
import { RunService } from '../../electron/runs/run-service.ts';
import type { RunStore } from '../../electron/store/open-database.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import type { BatchRecord } from '../../shared/domain/batch.ts';
import type { EngineEvent } from '../../shared/domain/events.ts';
import { isEngineEvent } from '../../shared/domain/service-events.ts';
import type { RunSettingsInput } from '../../shared/domain/settings.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import { costUsd, priceFor } from '../../shared/pricing.ts';
import { FAST } from './simulator-support.ts';

/**
 * Batch mode end to end: a RunService against the simulator's Batch API over real HTTP, with the
 * store in a temp folder. "Nothing paid twice" is counted on the simulator's side: every prompt
 * it answered, in a batch or online, was answered exactly once.
 */
const KEY = 'sk-batch-test-000000000001';
const POLL = { firstMs: 20, factor: 1.5, maxMs: 200 };
const TIMEOUT = 30_000;

let dir: string;
let sim: RunningSimulator;
let store: RunStore;
let services: RunService[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-batch-'));
  store = openRunStore(join(dir, 'data'));
});
afterEach(async () => {
  for (const service of services) await service.close();
  services = [];
  store.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startSim(options: SimulatorOptions): Promise<void> {
  sim = await startSimulator({ seed: 3, latency: FAST, trackPrompts: true, rpm: 6_000, tpm: 2_000_000, ...options });
}

function newService(options: Partial<RunServiceOptions> = {}): RunService {
  const service = new RunService({ store, providers: new ProviderPool({ apiKey: () => KEY }), batch: { poll: POLL }, ...options });
  services.push(service);
  return service;
}

function createRun(service: RunService, topics: number, settings: RunSettingsInput = {}): string {
  const parsed = RunSettingsSchema.parse({ provider: { kind: 'openai', baseURL: sim.url }, mode: 'batch', promptTemplate: 'Write about {{topic}}', maxTokens: 30, ...settings });
  return service.create({ settings: parsed, inputs: Array.from({ length: topics }, (_, index) => ({ index, topic: `topic ${index}`, vars: {} })) });
}

function record(service: RunService): EngineEvent[] {
  const events: EngineEvent[] = [];
  service.on((event) => {
    if (isEngineEvent(event)) events.push(event);
  });
  return events;
}

/** Every prompt of the run answered exactly once by the server, whichever way it went. */
function expectEachAnsweredOnce(topics: number): void {
  const answered = sim.stats().successesByPrompt;
  const counts = Array.from({ length: topics }, (_, i) => answered?.get(`Write about topic ${i}`) ?? 0);
  expect(counts).toEqual(Array.from({ length: topics }, () => 1));
}

async function until(condition: () => boolean, ms = TIMEOUT): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('Timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const batchesOf = (runId: string): BatchRecord[] => store.batches.list(runId);

describe('batch mode against the simulator over HTTP', () => {
  it('splits the run into batches of at most the request limit, maps every line back and pays the batch price', async () => {
    await startSim({ batch: { completionMs: 300 } });
    const service = newService({ batch: { poll: POLL, limits: { maxRequests: 10 } } });
    const runId = createRun(service, 25);
    const events = record(service);

    const result = await service.start(runId);

    expect(result.outcome).toBe('completed');
    expect(result.counts.done).toBe(25);
    const batches = batchesOf(runId);
    expect(batches.map((b) => b.taskIds.length)).toEqual([10, 10, 5]);
    expect(batches.every((b) => b.collected && b.status === 'completed' && b.batchId !== null && b.inputFileId !== null)).toBe(true);
    expect(new Set(batches.flatMap((b) => b.taskIds)).size).toBe(25);
    const price = priceFor('gpt-4o-mini')!;
    for (const task of store.getTasks(runId)) {
      expect(task.status).toBe('done');
      expect(task.resultText?.startsWith('# Topic')).toBe(true);
      expect(task.costUsd).toBeCloseTo(costUsd(price, task.usage!.promptTokens, task.usage!.completionTokens, 'batch'), 12);
    }
    // Each task: one attempt, started when its batch was submitted, ended by its result.
    expect(events.filter((e) => e.type === 'attempt.started')).toHaveLength(25);
    expect(sim.stats().batchLinesSucceeded).toBe(25);
    expectEachAnsweredOnce(25);
  }, TIMEOUT);

  it('learns the enqueued-token limit from a token_limit_exceeded failure and sends the lines again in parts that fit', async () => {
    await startSim({ batch: { completionMs: 200, enqueuedTokenLimit: 30 } });
    const service = newService();
    const runId = createRun(service, 12);

    const result = await service.start(runId);

    expect(result.counts.done).toBe(12);
    const batches = batchesOf(runId);
    expect(batches[0]).toMatchObject({ status: 'failed', taskIds: Array.from({ length: 12 }, (_, i) => String(i)) });
    const after = batches.slice(1);
    expect(after.length).toBeGreaterThan(1);
    expect(after.every((b) => b.status === 'completed' && b.tokens <= 30)).toBe(true);
    expectEachAnsweredOnce(12);
  }, TIMEOUT);

  it('resubmits only the lines an expired batch did not finish, as a new batch', async () => {
    await startSim({ batch: { completionMs: 1_000, expiryMs: 500 } });
    const service = newService();
    const runId = createRun(service, 20);
    // Once the first batch has expired, later ones get the whole window (a live change applies to batches created after it).
    service.on((event) => {
      if (event.type === 'batch.status' && event.batches.some((b) => b.status === 'expired')) sim.update({ batch: { completionMs: 1_000, expiryMs: 86_400_000 } });
    });

    const result = await service.start(runId);

    expect(result.counts.done).toBe(20);
    const [first, second, ...rest] = batchesOf(runId);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ status: 'expired', total: 20 });
    expect(second).toMatchObject({ status: 'completed' });
    expect(first!.completed).toBeGreaterThan(0);
    expect(first!.failed).toBe(20 - first!.completed);
    // The second batch holds exactly the lines the first did not finish.
    expect(second!.taskIds.length).toBe(first!.failed);
    const doneInFirst = new Set(first!.taskIds.filter((id) => !second!.taskIds.includes(id)));
    expect(doneInFirst.size).toBe(first!.completed);
    expectEachAnsweredOnce(20);
  }, TIMEOUT);

  it('resubmits only the lines that failed with a server error', async () => {
    await startSim({ batch: { completionMs: 300 }, faults: { serverErrorRate: 0.3 } });
    const service = newService();
    const runId = createRun(service, 20);

    const result = await service.start(runId);

    expect(result.counts.done).toBe(20);
    const [first, second] = batchesOf(runId);
    expect(first!.failed).toBeGreaterThan(0);
    expect(second!.taskIds.length).toBe(first!.failed);
    const failedFirst = store.getTasks(runId).filter((t) => store.getAttempts(runId, t.id)[0]?.status === 'failed').map((t) => t.id);
    expect([...second!.taskIds].sort()).toEqual(failedFirst.sort());
    expectEachAnsweredOnce(20);
  }, TIMEOUT);

  it('a quit mid-batch leaves the batch running; a new service on the same data folder polls and collects it', async () => {
    await startSim({ batch: { completionMs: 1_500 } });
    const first = newService();
    const runId = createRun(first, 15);
    const going = first.start(runId);
    await until(() => batchesOf(runId).some((b) => b.status === 'in_progress'));

    await first.close();
    services = services.filter((s) => s !== first);
    expect((await going).outcome).toBe('cancelled');
    const [left] = batchesOf(runId);
    expect(left).toMatchObject({ collected: false });
    const remote = await new OpenAI({ baseURL: sim.url, apiKey: KEY, maxRetries: 0 }).batches.retrieve(left!.batchId!);
    expect(['in_progress', 'finalizing', 'completed']).toContain(remote.status);

    store.close();
    store = openRunStore(join(dir, 'data'));
    const second = newService();
    const result = await second.start(runId);

    expect(result.counts.done).toBe(15);
    expect(batchesOf(runId)).toHaveLength(1);
    expect(batchesOf(runId)[0]).toMatchObject({ batchId: left!.batchId, collected: true, status: 'completed' });
    expectEachAnsweredOnce(15);
  }, TIMEOUT);

  it('cancel cancels the batch at the provider; a resume collects what it finished and sends only the rest', async () => {
    await startSim({ batch: { completionMs: 2_000 } });
    const service = newService();
    const runId = createRun(service, 20);
    const going = service.start(runId);
    await until(() => batchesOf(runId).some((b) => b.completed >= 5));

    await service.cancel(runId);

    expect((await going).outcome).toBe('cancelled');
    expect(store.getTasks(runId).every((t) => t.status === 'cancelled')).toBe(true);
    const [cancelled] = batchesOf(runId);
    const remote = await new OpenAI({ baseURL: sim.url, apiKey: KEY, maxRetries: 0 }).batches.retrieve(cancelled!.batchId!);
    expect(['cancelling', 'cancelled']).toContain(remote.status);

    const result = await service.start(runId);

    expect(result.counts.done).toBe(20);
    const [first, second] = batchesOf(runId);
    expect(first).toMatchObject({ status: 'cancelled', collected: true });
    expect(second!.taskIds.length).toBe(20 - first!.completed);
    expectEachAnsweredOnce(20);
  }, TIMEOUT);

  it('auto picks online when a batch could not finish by the deadline', async () => {
    await startSim({ batch: { completionMs: 200 } });
    const service = newService();
    const runId = createRun(service, 8, { mode: 'auto', deadlineMs: 1_000, rpm: 6_000, tpm: 2_000_000 });

    const result = await service.start(runId);

    expect(result.counts.done).toBe(8);
    expect(batchesOf(runId)).toHaveLength(0);
    expect(sim.stats().batchLinesSucceeded).toBe(0);
    const price = priceFor('gpt-4o-mini')!;
    for (const task of store.getTasks(runId)) expect(task.costUsd).toBeCloseTo(costUsd(price, task.usage!.promptTokens, task.usage!.completionTokens, 'online'), 12);
    expectEachAnsweredOnce(8);
  }, TIMEOUT);

  it('moves what is left online as the deadline nears, keeping what the batch finished', async () => {
    await startSim({ batch: { completionMs: 4_000 } });
    const service = newService({ batch: { poll: POLL, handoverFloorMs: 0 } });
    // 10% margin of 2.5 s: the handover comes at about 2.25 s, halfway through the batch.
    const runId = createRun(service, 20, { mode: 'auto', deadlineMs: 2_500, rpm: 6_000, tpm: 2_000_000 });

    const result = await service.start(runId);

    expect(result.counts.done).toBe(20);
    const [batch] = batchesOf(runId);
    expect(batch).toMatchObject({ status: 'cancelled', collected: true });
    expect(batch!.completed).toBeGreaterThan(0);
    expect(batch!.completed).toBeLessThan(20);
    expect(sim.stats().batchLinesSucceeded).toBe(batch!.completed);
    expectEachAnsweredOnce(20);
  }, TIMEOUT);
});
