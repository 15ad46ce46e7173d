import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRunStore } from '../../../electron/store/open-database.ts';
import { AppHarness, SETTINGS, inputs } from './app-fixture.ts';

/** Slow enough that a run of ten is still going when the test closes the app. */
const SLOW = { latency: { firstTokenMs: 150, jitterMs: 0, tokensPerSecond: 100_000 }, rpm: null, tpm: null };

const harnesses: AppHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

describe('PacerApp.close', () => {
  it('cancels a going run with a reason, delivers its last events, refuses new calls, and the run resumes later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacer-close-'));
    const first = await AppHarness.open({ simulator: SLOW }, dir);
    const { runId } = await first.call('run.create', { settings: { ...SETTINGS, workers: 2 }, inputs: inputs(...'ABCDEFGHIJ'.split('')), outDir: null });
    await first.call('run.start', { runId });
    await first.waitForEvent((e) => e.type === 'attempt.started', 'a request in flight');

    await first.app.close();
    const last = first.events().at(-1);
    expect(last).toMatchObject({ type: 'run.finished', outcome: 'cancelled', runId });
    expect(first.events().filter((e) => e.type === 'task.cancelled')[0]).toMatchObject({ reason: 'Pacer was closed.' });
    expect(await first.error('runs.list', {})).toMatchObject({ code: 'closing' });
    await first.app.close(); // twice is fine

    const store = openRunStore(first.dataDir); // the lock was released
    expect(store.getRun(runId)?.status).toBe('cancelled');
    expect(store.getTasks(runId).every((t) => t.status === 'cancelled' || t.status === 'done')).toBe(true);
    store.close();

    const second = await AppHarness.open({}, dir);
    harnesses.push(second);
    await second.call('run.start', { runId });
    await second.runFinished(runId);
    expect((await second.call('run.open', { runId })).tasks.map((t) => t.status)).toEqual(Array(10).fill('done'));
  });

  it('lists runs a crash left going as interrupted, until they are resumed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacer-crash-'));
    const first = await AppHarness.open({ simulator: SLOW }, dir);
    const { runId } = await first.call('run.create', { settings: SETTINGS, inputs: inputs('A', 'B'), outDir: null });
    await first.app.close();
    // What a crash leaves: the run recorded as going, and nobody driving it.
    const db = openRunStore(first.dataDir);
    db.applyEvent({ type: 'run.started', seq: 1, at: Date.now(), runId, total: 2, settings: db.getRun(runId)!.settings });
    db.close();

    const second = await AppHarness.open({}, dir);
    harnesses.push(second);
    expect((await second.call('app.info', {})).interruptedRunIds).toEqual([runId]);
    await second.call('run.start', { runId });
    await second.runFinished(runId);
    expect((await second.call('app.info', {})).interruptedRunIds).toEqual([]);
  });
});
