import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pollDelayMs } from '../../electron/engine/batch/poll-schedule.ts';
import { ProviderPool } from '../../electron/providers/provider-pool.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { RunService } from '../../electron/runs/run-service.ts';
import type { RunStore } from '../../electron/store/open-database.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { FAST } from './simulator-support.ts';

/**
 * The poller's timing on a fake clock shared with the simulator (its batches move on the same
 * clock), over real HTTP: time moves only when the batch runner is asleep, to its next wake-up.
 */
const SCHEDULE = { firstMs: 500, factor: 2, maxMs: 60_000 };
const COMPLETION_MS = 10 * 60_000;

let dir: string | undefined;
let sim: RunningSimulator | undefined;
let store: RunStore | undefined;
let service: RunService | undefined;

afterEach(async () => {
  await service?.close();
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
    service = new RunService({ store, providers: new ProviderPool({ apiKey: () => 'sk-poll-test-000000001' }), clock, batch: { poll: SCHEDULE } });
    const settings = RunSettingsSchema.parse({ provider: { kind: 'openai', baseURL: sim.url }, mode: 'batch', maxTokens: 20 });
    const runId = service.create({ settings, inputs: Array.from({ length: 5 }, (_, index) => ({ index, topic: `topic ${index}`, vars: {} })) });
    const seen: { at: number; status: string }[] = [];
    let collectedAt: number | undefined;
    service.on((event) => {
      const batch = event.type === 'batch.status' ? event.batches[0] : undefined;
      if (!batch?.batchId) return;
      if (batch.collected) collectedAt ??= clock.now();
      else seen.push({ at: clock.now(), status: batch.status });
    });

    const start = clock.now();
    let finished = false;
    const going = service.start(runId).finally(() => (finished = true));
    for (;;) {
      await settle(() => finished || clock.pending > 0);
      if (finished) break;
      await clock.advance(clock.nextTimerAt! - clock.now());
    }
    const result = await going;

    expect(result.counts.done).toBe(5);
    // The first report is the batch's creation; each one after it is a poll.
    const polls = seen.slice(1).map((s) => s.at);
    const gaps = polls.map((at, i) => at - (i === 0 ? seen[0]!.at : polls[i - 1]!));
    expect(gaps).toEqual(gaps.map((_, i) => pollDelayMs(i, SCHEDULE)));
    expect(gaps.slice(0, 8)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000]);
    // Collected at the first poll at or after the batch completed, and not a poll later.
    const last = polls.at(-1)!;
    expect(seen.at(-1)!.status).toBe('completed');
    expect(collectedAt).toBe(last);
    expect(last).toBeGreaterThanOrEqual(start + COMPLETION_MS);
    expect(polls.at(-2)!).toBeLessThan(start + COMPLETION_MS);
  }, 60_000);
});
