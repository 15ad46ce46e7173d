import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import type { EngineEvent } from '../../shared/domain/events.ts';
import { ProviderPool } from '../../electron/providers/provider-pool.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { successesByPrompt } from '../../electron/providers/simulator/stats.ts';
import { RunService } from '../../electron/runs/run-service.ts';
import type { ServiceEvent } from '../../shared/domain/service-events.ts';
import type { RunStore } from '../../electron/store/open-database.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import type { RunRepository } from '../../electron/store/run-repository.ts';

let dir: string;
let sim: RunningSimulator;
let store: RunStore;
let service: RunService;
const events: ServiceEvent[] = [];

function makeService(repository: RunRepository = store): RunService {
  const s = new RunService({ store: repository, providers: new ProviderPool() });
  s.on((e) => events.push(e));
  return s;
}

const settings = () =>
  RunSettingsSchema.parse({ provider: { kind: 'openai', baseURL: sim.url }, promptTemplate: 'Write about {{topic}}', maxTokens: 30, rpm: 100_000, tpm: 100_000_000, workers: 4 });
const inputs = (...topics: string[]) => topics.map((topic, index) => ({ index, topic, vars: { topic } }));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-service-'));
  sim = await startSimulator({ seed: 5, rpm: null, tpm: null, latency: { firstTokenMs: 10, jitterMs: 10, tokensPerSecond: 100_000 }, trackPrompts: true });
  store = openRunStore(join(dir, 'data'));
  events.length = 0;
  service = makeService();
});
afterEach(async () => {
  await service.close();
  store.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RunService', () => {
  it('runs a stored run to the end, storing each result and writing each article as it finishes', async () => {
    const out = join(dir, 'out');
    const id = service.create({ settings: settings(), inputs: inputs('Coffee', 'Tea', 'Cocoa'), outDir: out });
    const result = await service.start(id);
    expect(result.outcome).toBe('completed');
    expect(store.getRun(id)?.status).toBe('completed');
    const tasks = store.getTasks(id);
    expect(tasks.every((t) => t.status === 'done' && t.resultText?.startsWith('# '))).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['cocoa.md', 'coffee.md', 'tea.md']);
    expect(events.filter((e) => e.type === 'export.written')).toHaveLength(3);
  });

  it('edits a done task’s prompt and re-runs it: the new prompt is sent, and the new article gets its own file', async () => {
    const out = join(dir, 'out');
    const id = service.create({ settings: settings(), inputs: inputs('Coffee', 'Tea'), outDir: out });
    await service.start(id);
    const finished = new Promise<void>((resolve) => service.on((e) => e.type === 'run.finished' && resolve()));
    await service.editPrompt(id, '0', 'Write a haiku about Coffee');
    await finished;
    await expect.poll(() => readdirSync(out).length).toBe(3);
    const task = store.getTask(id, '0')!;
    expect(task).toMatchObject({ status: 'done', prompt: 'Write a haiku about Coffee', attempts: 2 });
    expect(task.exportedPath).toBe(join(out, 'coffee-2.md'));
    expect(successesByPrompt(sim.stats()).get('Write a haiku about Coffee')).toBe(1);
  });

  it('retrying a task of a finished run whose export folder became unusable rejects the call instead of crashing', async () => {
    const out = join(dir, 'out');
    const id = service.create({ settings: settings(), inputs: inputs('Coffee'), outDir: out });
    await service.start(id);
    rmSync(out, { recursive: true });
    writeFileSync(out, 'a file where the folder was');
    await expect(service.retryTask(id, '0')).rejects.toMatchObject({ code: 'not_writable' });
    expect(store.getTask(id, '0')?.status).toBe('done');
  });

  it('a run started again in the same process goes on numbering its events where it stopped', async () => {
    const id = service.create({ settings: settings(), inputs: inputs('Coffee', 'Tea') });
    await service.start(id);
    const seqs = () => events.filter((e): e is EngineEvent => 'seq' in e && e.runId === id).map((e) => e.seq);
    const before = seqs();
    const finished = new Promise<void>((resolve) => service.on((e) => e.type === 'run.finished' && resolve()));
    await service.retryTask(id, '1');
    await finished;
    const all = seqs();
    expect(all.slice(before.length)[0]).toBe(before.at(-1)! + 1);
    expect(all).toEqual(all.map((_, i) => i + 1));
  });

  it('duplicates a run as a new one with the same inputs, and deletes a finished run', async () => {
    const id = service.create({ settings: settings(), inputs: inputs('Coffee', 'Tea') });
    await service.start(id);
    const copy = service.duplicate(id);
    expect(store.getRun(copy)).toMatchObject({ status: 'created' });
    expect(store.getTasks(copy).map((t) => t.prompt)).toEqual(['Write about Coffee', 'Write about Tea']);
    expect((await service.start(copy)).counts.done).toBe(2);
    expect(service.delete(id)).toBe(true);
    expect(store.listRuns().map((r) => r.id)).toEqual([copy]);
  });

  it('D: two quick starts of one run build one engine; the second is refused as already going', async () => {
    const id = service.create({ settings: settings(), inputs: inputs('Coffee', 'Tea') });
    const first = service.start(id);
    const second = service.start(id);
    await expect(second).rejects.toMatchObject({ code: 'run_active' });
    expect((await first).counts.done).toBe(2);
    expect(events.filter((e) => e.type === 'run.started' && e.runId === id)).toHaveLength(1);
    expect(sim.stats().requests).toBe(2);
  });

  it('D: two quick "retry now" calls on a finished run re-run both tasks in one engine', async () => {
    const id = service.create({ settings: settings(), inputs: inputs('Coffee', 'Tea', 'Cocoa') });
    await service.start(id);
    const finishedAgain = new Promise<void>((resolve) => service.on((e) => e.type === 'run.finished' && resolve()));
    await Promise.all([service.retryTask(id, '0'), service.retryTask(id, '2')]);
    await finishedAgain;
    expect(events.filter((e) => e.type === 'run.started' && e.runId === id)).toHaveLength(2);
    expect(store.getTasks(id).map((t) => [t.status, t.attempts])).toEqual([
      ['done', 2],
      ['done', 1],
      ['done', 2],
    ]);
    expect(sim.stats().requests).toBe(5);
  });

  it('D: a cancel that comes while the run is still loading cancels it as it starts', async () => {
    const id = service.create({ settings: settings(), inputs: inputs('Coffee', 'Tea') });
    const going = service.start(id);
    await service.cancel(id);
    expect((await going).outcome).toBe('cancelled');
    expect(store.getRun(id)?.status).toBe('cancelled');
  });

  it('F: lets go of a finished run, keeping only where its events stopped', async () => {
    const id = service.create({ settings: settings(), inputs: inputs('Coffee', 'Tea') });
    expect(service.lastSeq(id)).toBe(0);
    await service.start(id);
    const last = events.filter((e): e is EngineEvent => 'seq' in e && e.runId === id).at(-1)!;
    expect(last.type).toBe('run.finished');
    expect(service.view(id)).toBeUndefined();
    expect(service.isGoing(id)).toBe(false);
    expect(service.lastSeq(id)).toBe(last.seq);
  });

  it('refuses to delete a run that is going', async () => {
    const id = service.create({ settings: settings(), inputs: inputs('Coffee', 'Tea') });
    const done = service.start(id);
    await expect.poll(() => service.isGoing(id)).toBe(true);
    expect(() => service.delete(id)).toThrow(/going/);
    await done;
  });

  it('stops the run, without sending the request, when the store cannot record an attempt', async () => {
    let started = 0;
    const failing = Object.create(store) as RunRepository;
    failing.applyEvent = (event: EngineEvent) => {
      if (event.type === 'attempt.started' && ++started === 3) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      store.applyEvent(event);
    };
    await service.close();
    service = makeService(failing);
    const id = service.create({ settings: { ...settings(), workers: 1 }, inputs: inputs('A', 'B', 'C', 'D') });
    const result = await service.start(id);
    expect(result.outcome).toBe('stopped');
    expect(result.error).toMatchObject({ code: 'SQLITE_FULL' });
    expect(result.error?.message).toMatch(/disk is full/);
    expect(sim.stats().requests).toBe(2);
  });

  it('reports no article done, and counts none, that the store failed to keep', async () => {
    // The disk fills on the third task's done (after the probe, so the pool is full); the others
    // in flight finish after it and must not be reported done either: the store would not have
    // them, and resume would pay for them again.
    let dones = 0;
    const failing = Object.create(store) as RunRepository;
    failing.applyEvent = (event: EngineEvent) => {
      if (event.type === 'task.done' && ++dones === 3) {
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }
      store.applyEvent(event);
    };
    await service.close();
    service = makeService(failing);
    const reported: string[] = [];
    service.on((event) => event.type === 'task.done' && reported.push(event.taskId));
    const id = service.create({ settings: { ...settings(), workers: 4 }, inputs: inputs('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H') });
    const result = await service.start(id);
    expect(result.outcome).toBe('stopped');
    expect(result.error).toMatchObject({ code: 'SQLITE_FULL' });
    const stored = store.getTasks(id).filter((task) => task.status === 'done').map((task) => task.id);
    expect(reported).toEqual(stored);
    expect(result.counts.done).toBe(stored.length);
    expect(sim.stats().requests).toBeGreaterThan(stored.length + 1); // others were in flight when it broke
  });
});
