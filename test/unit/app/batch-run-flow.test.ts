import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../../shared/ipc/contract.ts';
import { costUsd, priceFor } from '../../../shared/pricing.ts';
import { AppHarness, FAST_SIMULATOR, SETTINGS, inputs } from './app-fixture.ts';

let h: AppHarness;
beforeEach(async () => {
  h = await AppHarness.open({ simulator: { ...FAST_SIMULATOR, batch: { completionMs: 300 } } });
});
afterEach(async () => {
  await h.close();
});

describe('PacerApp: a batch run through dispatch only', () => {
  it('runs through the Batch API, reports each batch as batch.status events and in the snapshot, and stores batch-price costs', async () => {
    const { runId } = await h.call('run.create', { settings: { ...SETTINGS, mode: 'batch' }, inputs: inputs('Coffee', 'Tea', 'Cocoa'), outDir: null });
    await h.call('run.start', { runId });
    expect(await h.runFinished(runId)).toMatchObject({ outcome: 'completed', counts: { done: 3 } });

    const events = h.deliveries.filter((d) => d.name === 'service.events').flatMap((d) => (d.payload as EventPayloads['service.events']).events);
    const reports = events.filter((e) => e.type === 'batch.status');
    expect(reports.at(-1)).toMatchObject({ runId, batches: [{ status: 'completed', total: 3, completed: 3, failed: 0, collected: true }] });
    expect(reports.some((e) => e.type === 'batch.status' && e.batches[0]?.collected === false)).toBe(true);

    const snapshot = await h.call('run.open', { runId });
    expect(snapshot.batches).toEqual([expect.objectContaining({ status: 'completed', total: 3, completed: 3, collected: true })]);
    expect(snapshot.batches[0]?.batchId).toMatch(/^batch_/);
    const price = priceFor('gpt-4o-mini')!;
    for (const task of snapshot.tasks) {
      const attempts = await h.call('task.attempts', { runId, taskId: task.id });
      expect(attempts.map((a) => a.status)).toEqual(['ok']);
      expect(task.usage).toBeDefined();
      // What the header sums: the batch price the engine billed, half the list price.
      const list = costUsd(price, task.usage!.promptTokens, task.usage!.completionTokens);
      expect(task.costUsd).toBeCloseTo(list / 2, 12);
    }
    const [summary] = await h.call('runs.list', {});
    const listCost = snapshot.tasks.reduce((sum, t) => sum + costUsd(price, t.usage!.promptTokens, t.usage!.completionTokens, 'batch'), 0);
    expect(summary!.costUsd).toBeCloseTo(listCost, 12);
  });

  it('refuses an unknown mode with the schema’s message', async () => {
    expect(await h.error('run.create', { settings: { ...SETTINGS, mode: 'cheap' }, inputs: inputs('Coffee'), outDir: null })).toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('Mode must be online, batch or auto; got "cheap"'),
    });
  });
});
