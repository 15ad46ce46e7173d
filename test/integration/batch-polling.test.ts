import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchRun } from '../../electron/engine/batch/batch-run.ts';
import { OnlineHandover } from '../../electron/engine/batch/online-handover.ts';
import { pollDelayMs } from '../../electron/engine/batch/poll-schedule.ts';
import type { BatchClient } from '../../electron/providers/batch-client.ts';
import { createBatchClient } from '../../electron/providers/batch-client.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { batchLedger } from '../../electron/store/batch-ledger.ts';
import type { RunStore } from '../../electron/store/open-database.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { FAST } from './simulator-support.ts';

/**
 * The poller's timing on a fake clock shared with the simulator (its batches move on the same
 * clock), over real HTTP: time moves only when the batch runner is asleep, to its next wake-up.
 * Each poll is seen where it leaves: the real SDK client, with the time of every retrieve noted.
 */
const SCHEDULE = { firstMs: 500, factor: 2, maxMs: 60_000 };
const COMPLETION_MS = 10 * 60_000;

let dir: string | undefined;
let sim: RunningSimulator | undefined;
let store: RunStore | undefined;

afterEach(async () => {
  store?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function settle(condition: () => boolean): Promise<void> {
  const end = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error('The batch runner neither slept nor finished');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('batch polling on a fake clock', () => {
  it('polls quickly at first, backs off to its cap, and collects the batch at the first poll after it ends', async () => {
    const clock = new FakeClock();
    dir = mkdtempSync(join(tmpdir(), 'pacer-poll-'));
    store = openRunStore(join(dir, 'data'));
    sim = await startSimulator({ clock, latency: FAST, batch: { completionMs: COMPLETION_MS } });
    const settings = RunSettingsSchema.parse({ provider: { kind: 'openai', baseURL: sim.url }, mode: 'batch', maxTokens: 20 });
    const tasks = Array.from({ length: 5 }, (_, index) => ({ id: String(index), index, topic: `topic ${index}`, vars: {}, prompt: `Write about topic ${index}` }));
    store.createRun({ id: 'poll', settings, tasks });
    const real = createBatchClient({ baseURL: sim.url, apiKey: 'sk-poll-test-000000001' });
    const created: number[] = [];
    const polls: number[] = [];
    const client: BatchClient = {
      ...real,
      create: (fileId, metadata) => {
        created.push(clock.now());
        return real.create(fileId, metadata);
      },
      retrieve: (batchId) => {
        polls.push(clock.now());
        return real.retrieve(batchId);
      },
    };
    const run = new BatchRun({
      id: 'poll',
      settings,
      tasks,
      client,
      ledger: batchLedger(store.batches, 'poll'),
      online: new OnlineHandover(() => {
        throw new Error('nothing goes online in batch mode without a deadline');
      }),
      clock,
      poll: SCHEDULE,
    });
    run.on((event) => store!.applyEvent(event));

    let finished = false;
    const going = run.start().finally(() => (finished = true));
    for (;;) {
      await settle(() => finished || clock.pending > 0);
      if (finished) break;
      await clock.advance(clock.nextTimerAt! - clock.now());
    }
    const result = await going;

    expect(result.counts.done).toBe(5);
    expect(created).toHaveLength(1);
    const gaps = polls.map((at, i) => at - (i === 0 ? created[0]! : polls[i - 1]!));
    expect(gaps.slice(0, 8)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000]);
    expect(gaps).toEqual(gaps.map((_, i) => pollDelayMs(i, SCHEDULE)));
    // Collected at the first poll at or after the batch completed, and not a poll later.
    expect(polls.at(-1)!).toBeGreaterThanOrEqual(created[0]! + COMPLETION_MS);
    expect(polls.at(-2)!).toBeLessThan(created[0]! + COMPLETION_MS);
    const [batch] = store.batches.list('poll');
    expect(batch).toMatchObject({ status: 'completed', collected: true, completed: 5 });
  }, 60_000);
});
