import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchRun } from '../../electron/engine/batch/batch-run.ts';
import { OnlineHandover } from '../../electron/engine/batch/online-handover.ts';
import type { BatchClient } from '../../electron/providers/batch-client.ts';
import { createBatchClient } from '../../electron/providers/batch-client.ts';
import { ProviderError } from '../../electron/providers/provider.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { batchLedger } from '../../electron/store/batch-ledger.ts';
import type { RunStore } from '../../electron/store/open-database.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import { FAST } from './simulator-support.ts';

/**
 * The batch was created at the provider but its reply never arrived (the connection broke after
 * the request left). The part was stored first with its id in the batch's metadata, so the next
 * poll finds the batch by it instead of creating, and paying for, a second one.
 */
const KEY = 'sk-lost-reply-0000000001';
let dir: string | undefined;
let sim: RunningSimulator | undefined;
let store: RunStore | undefined;

afterEach(async () => {
  store?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('batch mode: a creation whose reply was lost', () => {
  it('finds the batch by its part id and collects it; no second batch is created', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pacer-lost-'));
    store = openRunStore(join(dir, 'data'));
    sim = await startSimulator({ latency: FAST, trackPrompts: true, batch: { completionMs: 300 } });
    const settings = RunSettingsSchema.parse({ provider: { kind: 'openai', baseURL: sim.url }, mode: 'batch', maxTokens: 20 });
    const tasks = Array.from({ length: 6 }, (_, index) => ({ id: String(index), index, topic: `topic ${index}`, vars: {}, prompt: `Write about topic ${index}` }));
    store.createRun({ id: 'lost', settings, tasks });
    const real = createBatchClient({ baseURL: sim.url, apiKey: KEY });
    let creates = 0;
    const client: BatchClient = {
      ...real,
      create: async (fileId, metadata) => {
        creates++;
        await real.create(fileId, metadata);
        throw new ProviderError({ failure: 'network', message: 'The connection failed: terminated' });
      },
    };
    const run = new BatchRun({
      id: 'lost',
      settings,
      tasks,
      client,
      ledger: batchLedger(store.batches, 'lost'),
      online: new OnlineHandover(() => {
        throw new Error('nothing goes online in batch mode without a deadline');
      }),
      poll: { firstMs: 20, factor: 1.5, maxMs: 200 },
    });
    run.on((event) => store!.applyEvent(event));

    const result = await run.start();

    expect(result.counts.done).toBe(6);
    expect(creates).toBe(1);
    const remote = await new OpenAI({ baseURL: sim.url, apiKey: KEY, maxRetries: 0 }).batches.list();
    expect(remote.data).toHaveLength(1);
    expect(store.batches.list('lost')).toEqual([expect.objectContaining({ batchId: remote.data[0]!.id, status: 'completed', collected: true })]);
    expect([...sim.stats().successesByPrompt!.values()]).toEqual([1, 1, 1, 1, 1, 1]);
  }, 30_000);
});
