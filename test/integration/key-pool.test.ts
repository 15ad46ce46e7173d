import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderPool } from '../../electron/providers/provider-pool.ts';
import type { SimulatorOptions } from '../../electron/providers/simulator/options.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { RunService } from '../../electron/runs/run-service.ts';
import { isEngineEvent } from '../../shared/domain/service-events.ts';
import type { RunStore } from '../../electron/store/open-database.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import type { EngineEvent } from '../../shared/domain/events.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import type { KeyEntry } from '../../shared/keys/parse-keys.ts';

/**
 * A pool of keys against the simulator over real HTTP, where each key has its own limits: two keys
 * send twice as fast as one, a key the server refuses leaves the pool after one answer while the
 * run goes on with the others, and the run stops only when none is left.
 */
const GOOD = 'sk-pool-good-0000000001';
const OTHER = 'sk-pool-good-0000000002';
const BAD = 'sk-pool-bad-000000000009';

let dir: string;
let sim: RunningSimulator | undefined;
let store: RunStore;
let service: RunService | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-keys-'));
  store = openRunStore(join(dir, 'data'));
});
afterEach(async () => {
  await service?.close();
  store.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runWithKeys(simulator: SimulatorOptions, keys: readonly KeyEntry[], tasks: number) {
  sim = await startSimulator({ seed: 4, latency: { firstTokenMs: 20, jitterMs: 5, tokensPerSecond: 100_000 }, ...simulator });
  service = new RunService({ store, providers: new ProviderPool(), keys });
  const events: EngineEvent[] = [];
  service.on((event) => {
    if (isEngineEvent(event)) events.push(event);
  });
  const settings = RunSettingsSchema.parse({ provider: { kind: 'openai', baseURL: sim.url }, promptTemplate: 'Write about {{topic}}', maxTokens: 20, rpm: 600, tpm: null, workers: 'auto' });
  const id = service.create({ settings, inputs: Array.from({ length: tasks }, (_, index) => ({ index, topic: `topic ${index}`, vars: {} })) });
  const started = Date.now();
  const result = await service.start(id);
  return { result, events, wallMs: Date.now() - started, stats: sim.stats() };
}

describe('a pool of keys', () => {
  it('two keys of 600 RPM each send twice as fast as one, with no 429', async () => {
    // Each key: 10 at once, then 10 a second. 60 tasks: one key needs 5 s, two keys 2.5 s.
    const { result, wallMs, stats } = await runWithKeys({ rpm: 600, tpm: null, burstSeconds: 1 }, [{ key: GOOD, label: 'a' }, { key: OTHER, label: 'b' }], 60);
    expect(result.counts.done).toBe(60);
    expect(stats.rateLimited).toBe(0);
    expect(wallMs).toBeLessThan(4_000);
  });

  it('a refused key leaves the pool after one answer; the run goes on with the others', async () => {
    const { result, events, stats } = await runWithKeys({ rpm: null, tpm: null, apiKeys: [GOOD, OTHER] }, [{ key: BAD, label: 'old' }, { key: GOOD, label: 'a' }, { key: OTHER, label: 'b' }], 20);
    expect(result.outcome).toBe('completed');
    expect(result.counts.done).toBe(20);
    expect(stats.authErrors).toBe(1);
    const keys = events.filter((e) => e.type === 'run.limits').at(-1);
    expect(keys?.type === 'run.limits' && keys.keys?.map((k) => [k.label, k.live])).toEqual([
      ['old (ends 0009)', false],
      ['a (ends 0001)', true],
      ['b (ends 0002)', true],
    ]);
    // The key itself is never in what the run tells.
    expect(JSON.stringify(events)).not.toContain(BAD);
  });

  it('a key whose quota runs out with several requests in flight leaves the pool; every task finishes on the other', async () => {
    // Replies slow enough that many requests are out on each key when the second's quota ends.
    const { result, events, stats } = await runWithKeys(
      { rpm: null, tpm: null, keyQuotaRequests: { [OTHER]: 10 }, latency: { firstTokenMs: 150, jitterMs: 20, tokensPerSecond: 100_000 } },
      [{ key: GOOD, label: 'a' }, { key: OTHER, label: 'b' }],
      60,
    );
    expect(result.outcome).toBe('completed');
    expect(result.counts.done).toBe(60);
    expect(stats.quotaErrors).toBeGreaterThanOrEqual(1);
    const keys = events.filter((e) => e.type === 'run.limits').at(-1);
    expect(keys?.type === 'run.limits' && keys.keys?.map((k) => [k.label, k.live])).toEqual([
      ['a (ends 0001)', true],
      ['b (ends 0002)', false],
    ]);
  });

  it('the run stops only when every key is refused, with what is left resumable', async () => {
    // Each key has 6 requests of quota; 20 tasks need more than both have.
    const { result, stats } = await runWithKeys({ rpm: null, tpm: null, quotaRequests: 6 }, [{ key: GOOD, label: 'a' }, { key: OTHER, label: 'b' }], 20);
    expect(result.outcome).toBe('stopped');
    expect(result.error?.code).toBe('insufficient_quota');
    // Each key refused at least once: the first key's refusals moved their tasks to the second (a
    // request still in flight on it when its first refusal came back is refused too, and moves on
    // the same way), the second's stopped the run.
    expect(stats.quotaErrors).toBeGreaterThanOrEqual(2);
    // Both keys' quota was used (a request still out on the second when it ran dry is cancelled).
    expect(result.counts.done).toBeGreaterThan(6);
    expect(result.counts.done).toBeLessThanOrEqual(12);
  });
});
