// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../../../shared/ipc/contract.ts';
import { connectStore } from '../../../../renderer/store/connect-store.ts';
import { createPacerStore } from '../../../../renderer/store/pacer-store.ts';
import type { PacerStore } from '../../../../renderer/store/pacer-store.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { events, runSummary, snapshot, taskViews } from '../support/run-fixtures.ts';

async function openStore(first: RunSnapshot, bridge = new FakeBridge()): Promise<{ store: PacerStore; bridge: FakeBridge }> {
  const snapshots = [first];
  bridge.handle('run.open', () => ok(snapshots.at(-1)!));
  const store = createPacerStore(bridge);
  connectStore(store, bridge);
  await store.getState().openRun('run-1');
  return { store, bridge };
}

/** Resolves once the store has no snapshot in flight. */
async function settled(store: PacerStore): Promise<void> {
  for (let i = 0; i < 20 && store.getState().syncing; i++) await Promise.resolve();
  expect(store.getState().syncing).toBe(false);
}

describe('live run: a service.events batch', () => {
  it('replaces only the tasks its events touch, in one set, with counts kept right', async () => {
    const { store, bridge } = await openStore(snapshot('run-1', taskViews(5)));
    const before = store.getState().byId;
    let notifications = 0;
    store.subscribe(() => notifications++);

    bridge.emit('service.events', {
      events: events('run-1', 1, [
        { type: 'run.started', total: 5, settings: store.getState().detail!.settings },
        { type: 'attempt.started', taskId: '1', attempt: 1, estimatedTokens: 900 },
        { type: 'attempt.progress', taskId: '1', attempt: 1, chars: 400, completionTokens: 100 },
        { type: 'task.waiting', taskId: '3', reason: 'tokens', waitMs: 4_000 },
        { type: 'attempt.started', taskId: '4', attempt: 1, estimatedTokens: 900 },
        { type: 'task.done', taskId: '4', attempt: 1, usage: { promptTokens: 50, completionTokens: 700, totalTokens: 750 }, latencyMs: 3_000 },
      ]),
    });

    expect(notifications).toBe(1);
    const after = store.getState();
    expect(after.byId['0']).toBe(before['0']);
    expect(after.byId['2']).toBe(before['2']);
    expect(after.byId['1']).toMatchObject({ status: 'running', attempts: 1, completionTokens: 100 });
    expect(after.byId['3']).toMatchObject({ status: 'waiting', wait: { reason: 'tokens' } });
    expect(after.byId['4']).toMatchObject({ status: 'done', completionTokens: 700, latencyMs: 3_000 });
    expect(after.counts).toMatchObject({ queued: 2, running: 1, waiting: 1, done: 1 });
    expect(after.phase).toBe('running');
    expect(after.lastSeq).toBe(6);
    expect(after.activity.reduce((sum, bucket) => sum + bucket.requests, 0)).toBe(2);
  });

  it('records 429s for the chart and export results for the run', async () => {
    const { store, bridge } = await openStore(snapshot('run-1', taskViews(2)));
    bridge.emit('service.events', {
      events: [
        ...events('run-1', 1, [
          { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 500 },
          { type: 'attempt.failed', taskId: '0', attempt: 1, latencyMs: 200, error: { kind: 'rate_limited', decision: 'retry', message: 'Rate limit reached', status: 429 } },
          { type: 'retry.scheduled', taskId: '0', attempt: 1, delayMs: 2_000, source: 'retry_after' },
        ]),
        { type: 'export.written', runId: 'run-1', taskId: '1', path: '/out/topic-1.md' },
        { type: 'export.failed', runId: 'run-1', taskId: '0', code: 'write_failed', message: 'Disk full' },
      ],
    });
    const state = store.getState();
    expect(state.byId['0']).toMatchObject({ status: 'retrying', wait: { reason: 'retry', source: 'retry_after' } });
    expect(state.activity.reduce((sum, bucket) => sum + bucket.rateLimited, 0)).toBe(1);
    expect(state.exportsWritten).toBe(1);
    expect(state.exportFailures).toEqual([{ taskId: '0', code: 'write_failed', message: 'Disk full' }]);
  });

  it('resyncs from run.open when a seq is skipped, and replaces the snapshot', async () => {
    const bridge = new FakeBridge();
    const { store } = await openStore(snapshot('run-1', taskViews(3)), bridge);
    bridge.emit('service.events', { events: events('run-1', 1, [{ type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 100 }]) });
    expect(bridge.requests('run.open')).toHaveLength(1);

    const fresh = snapshot('run-1', [...taskViews(3, 'done').slice(0, 2), ...taskViews(3).slice(2)], 9, { phase: 'running' });
    bridge.handle('run.open', () => ok(fresh));
    // seq 2..4 never arrived.
    bridge.emit('service.events', { events: events('run-1', 5, [{ type: 'attempt.started', taskId: '1', attempt: 2, estimatedTokens: 100 }]) });
    expect(store.getState().syncing).toBe(true);
    await settled(store);

    expect(bridge.requests('run.open')).toEqual([{ runId: 'run-1' }, { runId: 'run-1' }]);
    const state = store.getState();
    expect(state.lastSeq).toBe(9);
    expect(state.byId['0']!.status).toBe('done');
    expect(state.counts).toMatchObject({ done: 2, queued: 1, running: 0 });

    // The stream goes on from the snapshot's seq.
    bridge.emit('service.events', { events: events('run-1', 10, [{ type: 'attempt.started', taskId: '2', attempt: 1, estimatedTokens: 100 }]) });
    expect(store.getState().byId['2']!.status).toBe('running');
    expect(store.getState().lastSeq).toBe(10);
  });

  it('buffers events that arrive while the snapshot loads and applies only those after it', async () => {
    const bridge = new FakeBridge();
    let answer: (snapshot: RunSnapshot) => void = () => {};
    bridge.handle('run.open', () => new Promise((resolve) => (answer = (value) => resolve(ok(value)))));
    const store = createPacerStore(bridge);
    connectStore(store, bridge);
    const opening = store.getState().openRun('run-1');

    bridge.emit('service.events', {
      events: events('run-1', 3, [
        { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 100 },
        { type: 'attempt.started', taskId: '1', attempt: 1, estimatedTokens: 100 },
      ]),
    });
    // The snapshot already includes seq 3 (task 0 running); seq 4 comes after it.
    answer(snapshot('run-1', [{ ...taskViews(1, 'running')[0]!, attempts: 1 }, ...taskViews(2).slice(1)], 3));
    await opening;

    const state = store.getState();
    expect(state.syncing).toBe(false);
    expect(state.lastSeq).toBe(4);
    expect(state.counts).toMatchObject({ running: 2, queued: 0 });
  });

  it('skips events the snapshot already includes when the batcher delivers them after it, without resyncing', async () => {
    const running = [{ ...taskViews(1, 'running')[0]!, attempts: 1 }, ...taskViews(3).slice(1)];
    const { store, bridge } = await openStore(snapshot('run-1', running, 7, { phase: 'running' }));
    bridge.emit('service.events', {
      events: events('run-1', 6, [
        { type: 'task.waiting', taskId: '0', reason: 'requests', waitMs: 100 },
        { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 100 },
        { type: 'attempt.started', taskId: '1', attempt: 1, estimatedTokens: 100 },
      ]),
    });
    expect(bridge.requests('run.open')).toHaveLength(1);
    expect(store.getState()).toMatchObject({ lastSeq: 8, syncing: false, counts: { running: 2, queued: 1 } });
  });

  it('leaves the open run alone for events of other runs, and moves their history entry', async () => {
    const bridge = new FakeBridge({ 'runs.list': () => ok([runSummary('run-1'), runSummary('run-2')]) });
    const { store } = await openStore(snapshot('run-1', taskViews(3)), bridge);
    await store.getState().loadRuns();
    const before = store.getState();

    bridge.emit('service.events', {
      events: events('run-2', 1, [
        { type: 'run.started', total: 3, settings: before.detail!.settings },
        { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 100 },
      ]),
    });

    const after = store.getState();
    expect(after.byId).toBe(before.byId);
    expect(after.counts).toBe(before.counts);
    expect(after.lastSeq).toBe(0);
    expect(bridge.requests('run.open')).toHaveLength(1);
    expect(after.runs.find((run) => run.id === 'run-2')!.status).toBe('running');
    expect(after.runs.find((run) => run.id === 'run-1')).toBe(before.runs.find((run) => run.id === 'run-1'));
  });

  it('keeps the stopped error from run.finished for the banner', async () => {
    const { store, bridge } = await openStore(snapshot('run-1', taskViews(1)));
    bridge.emit('service.events', {
      events: events('run-1', 1, [
        { type: 'task.cancelled', taskId: '0', reason: 'stopped' },
        { type: 'run.finished', outcome: 'stopped', counts: { ...store.getState().counts, queued: 0, cancelled: 1 }, error: { code: 'invalid_api_key', message: 'The API key was rejected (401).' } },
      ]),
    });
    expect(store.getState()).toMatchObject({ phase: 'finished', runStatus: 'stopped', runError: { code: 'invalid_api_key' } });
  });
});
