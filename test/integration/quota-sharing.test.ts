import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderPool } from '../../electron/providers/provider-pool.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { RunService } from '../../electron/runs/run-service.ts';
import type { RunStore } from '../../electron/store/open-database.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import { RedisServer } from '../support/redis-server.ts';

/**
 * One quota, several users of it, against the simulator over real HTTP: a server that takes 10
 * requests at once and then 10 a second (600 RPM). Two runs in one process share their limiter; two
 * processes (two services with their own stores) share through a real Redis. Either way together
 * they meet no 429 where, each on its own, they trip each other.
 */
let dir: string;
let sim: RunningSimulator;
let redis: RedisServer;
const open: { service: RunService; store: RunStore }[] = [];

beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis.stop();
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-quota-'));
  sim = await startSimulator({ seed: 9, rpm: 600, tpm: null, burstSeconds: 1, latency: { firstTokenMs: 20, jitterMs: 10, tokensPerSecond: 100_000 } });
});
afterEach(async () => {
  for (const { service, store } of open.splice(0)) {
    await service.close();
    store.close();
  }
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function service(name: string, redisUrl?: string): RunService {
  const store = openRunStore(join(dir, name));
  const s = new RunService({ store, providers: new ProviderPool(), ...(redisUrl && { redisUrl }) });
  open.push({ service: s, store });
  return s;
}

const settings = () =>
  RunSettingsSchema.parse({ provider: { kind: 'openai', baseURL: sim.url }, promptTemplate: 'Write about {{topic}}', maxTokens: 20, rpm: 600, tpm: null, workers: 'auto' });
const inputs = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ index, topic: `${prefix} ${index}`, vars: {} }));

async function runTogether(services: readonly RunService[]): Promise<{ done: number }[]> {
  const ids = services.map((s, i) => s.create({ settings: settings(), inputs: inputs(`run ${i}`, 20) }));
  const results = await Promise.all(services.map((s, i) => s.start(ids[i]!)));
  return results.map((result) => ({ done: result.counts.done }));
}

describe('one quota shared', () => {
  it('two runs in one process share its limiter: no 429 between them', async () => {
    const s = service('one');
    expect(await runTogether([s, s])).toEqual([{ done: 20 }, { done: 20 }]);
    expect(sim.stats().rateLimited).toBe(0);
    expect(sim.stats().succeeded).toBe(40);
  });

  it('two processes share it through Redis: no 429 between them', async () => {
    const members = [service('a', redis.url), service('b', redis.url)];
    const done: object[] = [];
    for (const member of members) member.on((event) => event.type === 'task.done' && done.push(event));
    expect(await runTogether(members)).toEqual([{ done: 20 }, { done: 20 }]);
    // An event is data for the store and the window: never the engine's lane (provider, limiter, Redis connection).
    expect(done.filter((event) => 'lane' in event)).toEqual([]);
    expect(sim.stats().rateLimited).toBe(0);
    expect(sim.stats().succeeded).toBe(40);
  });

  it('the same two processes without Redis each take the whole limit and trip each other', async () => {
    // What each one's retries make of the other's 429s is not the point here (a task may run out of attempts).
    await runTogether([service('a'), service('b')]);
    expect(sim.stats().rateLimited).toBeGreaterThan(0);
  });
});
