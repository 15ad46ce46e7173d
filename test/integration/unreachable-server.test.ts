import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/domain/events.ts';
import type { ServiceEvent } from '../../shared/domain/service-events.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import { ProviderPool } from '../../electron/providers/provider-pool.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { RunService } from '../../electron/runs/run-service.ts';
import type { RunServiceOptions } from '../../electron/runs/run-service.ts';
import type { RunStore } from '../../electron/store/open-database.ts';
import { openRunStore } from '../../electron/store/open-database.ts';

const KEY = 'sk-distinctive-test-key-4242';
const QUICK_RETRY = { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 100 };

let dir: string;
let store: RunStore;
const services: RunService[] = [];
const simulators: RunningSimulator[] = [];
const events: ServiceEvent[] = [];

function makeService(engine?: RunServiceOptions['engine']): RunService {
  const service = new RunService({ store, providers: new ProviderPool({ apiKey: () => KEY }), engine });
  service.on((event) => events.push(event));
  services.push(service);
  return service;
}

const settings = (baseURL: string) =>
  RunSettingsSchema.parse({ provider: { kind: 'openai', baseURL }, promptTemplate: 'Write about {{topic}}', maxTokens: 30, rpm: 100_000, tpm: 100_000_000, workers: 2, retry: QUICK_RETRY });
const inputs = (count: number) => Array.from({ length: count }, (_, index) => ({ index, topic: `Topic ${index}`, vars: {} }));
const engineEvents = (runId: string) => events.filter((e): e is EngineEvent => 'seq' in e && e.runId === runId);

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-unreachable-'));
  store = openRunStore(join(dir, 'data'));
  events.length = 0;
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
  for (const sim of simulators.splice(0)) await sim.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a server that cannot be reached (issue 12, point 7)', () => {
  it('nothing listening at the start stops the run after one request: "no server at <url>", never the key', async () => {
    const port = await closedPort();
    const service = makeService();
    // A key in the URL's query (some gateways take one) is the user's secret too: the message leaves it out.
    const id = service.create({ settings: settings(`http://127.0.0.1:${port}/v1?api-key=${KEY}`), inputs: inputs(5) });
    const result = await service.start(id);
    expect(result.outcome).toBe('stopped');
    expect(result.error?.code).toBe('no_server');
    expect(result.error?.message).toContain(`No server at http://127.0.0.1:${port}/v1`);
    expect(result.error?.message).toMatch(/ECONNREFUSED/);
    expect(engineEvents(id).filter((e) => e.type === 'attempt.started')).toHaveLength(1);
    expect(result.error?.message).not.toContain(KEY);
    expect(store.getRun(id)).toMatchObject({ status: 'stopped', error: { code: 'no_server' } });
    expect(store.getTasks(id).map((t) => t.status)).toEqual(Array(5).fill('cancelled'));
  });

  it('a server that goes away mid-run is retried within one budget for the run, then the run stops as unreachable, and resumes', async () => {
    const sim = await startSimulator({ seed: 2, rpm: null, tpm: null, latency: { firstTokenMs: 20, jitterMs: 5, tokensPerSecond: 5_000 } });
    simulators.push(sim);
    const probes = 3;
    const service = makeService({ unreachable: { probes, baseDelayMs: 30, maxDelayMs: 60 } });
    const id = service.create({ settings: settings(sim.url), inputs: inputs(12) });
    let closing: Promise<void> | undefined;
    service.on((event) => {
      if (event.type === 'task.done' && engineEvents(id).filter((e) => e.type === 'task.done').length === 3) closing ??= sim.close();
    });
    const result = await service.start(id);
    await closing;
    expect(result.outcome).toBe('stopped');
    expect(result.error?.code).toBe('server_unreachable');
    expect(result.error?.message).toContain(sim.url);
    expect(result.error?.message).toMatch(/resume/i);
    const failedAfterClose = engineEvents(id).filter((e) => e.type === 'attempt.failed' && e.error.kind === 'network');
    // The two requests in flight at the close, then one probe per window: not six per task.
    expect(failedAfterClose.length).toBeLessThanOrEqual(2 + probes + 2);
    expect(store.getRun(id)?.status).toBe('stopped');
    const stored = store.getTasks(id);
    expect(stored.filter((t) => t.status === 'failed')).toEqual([]);
    expect(stored.filter((t) => t.status === 'done').length).toBeGreaterThanOrEqual(3);
    expect(stored.every((t) => t.status === 'done' || t.status === 'cancelled')).toBe(true);

    const back = await startSimulator({ seed: 3, port: sim.port, rpm: null, tpm: null, latency: { firstTokenMs: 5, jitterMs: 5, tokensPerSecond: 50_000 } });
    simulators.push(back);
    const resumed = await service.start(id);
    expect(resumed.outcome).toBe('completed');
    expect(store.getTasks(id).map((t) => t.status)).toEqual(Array(12).fill('done'));
  });
});
