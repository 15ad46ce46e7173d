// @vitest-environment happy-dom
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../../shared/domain/run-records.ts';
import { emptyCounts } from '../../../../shared/domain/task.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { renderWithStore, useFakeViewport } from '../support/render-app.tsx';
import { runSummary, snapshot, taskViews } from '../support/run-fixtures.ts';

useFakeViewport();

function historyBridge(runs: RunSummary[]) {
  let list = runs;
  const bridge = new FakeBridge({
    'runs.list': () => ok(list),
    'run.open': ({ runId }) => ok(snapshot(runId, taskViews(3, 'failed'))),
    'run.start': () => ok(null),
    'run.retryFailed': () => ok(null),
    'run.duplicate': () => ok({ runId: 'run-copy' }),
    'run.delete': ({ runId }) => {
      list = list.filter((run) => run.id !== runId);
      return ok(null);
    },
  });
  return { bridge, setList: (next: RunSummary[]) => (list = next) };
}

const rowOf = (runId: string) => document.querySelector<HTMLElement>(`[data-testid="history-row"][data-run-id="${runId}"]`)!;

describe('history', () => {
  const runs = [
    runSummary('run-a', { status: 'stopped', model: 'gpt-4o', counts: { ...emptyCounts(), done: 1, cancelled: 2 }, error: { code: 'quota', message: 'Out of quota.' } }),
    runSummary('run-b', { status: 'completed', counts: { ...emptyCounts(), done: 2, failed: 1 } }),
  ];

  it('lists runs with status, model and counts, and offers what applies to each', async () => {
    const { bridge } = historyBridge(runs);
    const { user } = await renderWithStore(bridge);
    await user.click(screen.getByTestId('nav-history'));
    expect(screen.getAllByTestId('history-row').map((row) => row.dataset.status)).toEqual(['stopped', 'completed']);
    expect(rowOf('run-a').textContent).toContain('gpt-4o');
    expect(rowOf('run-a').textContent).toContain('Out of quota.');
    expect(within(rowOf('run-a')).queryByTestId('history-resume')).not.toBeNull();
    expect(within(rowOf('run-b')).queryByTestId('history-resume')).toBeNull();
    expect(within(rowOf('run-b')).queryByTestId('history-retry-failed')).not.toBeNull();
  });

  it('resumes a stopped run into the run view', async () => {
    const { bridge } = historyBridge(runs);
    const { user } = await renderWithStore(bridge);
    await user.click(screen.getByTestId('nav-history'));
    await user.click(within(rowOf('run-a')).getByTestId('history-resume'));
    await screen.findByTestId('run-view');
    expect(bridge.requests('run.open')).toEqual([{ runId: 'run-a' }]);
    await waitFor(() => expect(bridge.requests('run.start')).toEqual([{ runId: 'run-a' }]));
  });

  it('retries failed, duplicates, and deletes only after a confirm', async () => {
    const { bridge } = historyBridge(runs);
    const { user, store } = await renderWithStore(bridge);
    await user.click(screen.getByTestId('nav-history'));
    await user.click(within(rowOf('run-b')).getByTestId('history-retry-failed'));
    await waitFor(() => expect(bridge.requests('run.retryFailed')).toEqual([{ runId: 'run-b' }]));

    await user.click(screen.getByTestId('nav-history'));
    await user.click(within(rowOf('run-b')).getByTestId('history-duplicate'));
    await waitFor(() => expect(store.getState().openRunId).toBe('run-copy'));

    await user.click(screen.getByTestId('nav-history'));
    await user.click(within(rowOf('run-b')).getByTestId('history-delete'));
    expect(bridge.requests('run.delete')).toEqual([]);
    await user.click(within(rowOf('run-b')).getByTestId('history-delete-confirm'));
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(1));
    expect(bridge.requests('run.delete')).toEqual([{ runId: 'run-b' }]);
  });

  it('reloads the list on runs.changed', async () => {
    const { bridge, setList } = historyBridge(runs);
    const { user } = await renderWithStore(bridge);
    await user.click(screen.getByTestId('nav-history'));
    setList([runSummary('run-new'), ...runs]);
    act(() => bridge.emit('runs.changed', null));
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(3));
  });

  it('tells runs apart: name, duration, cost and 429s per row; a rename is sent and shown', async () => {
    const { bridge } = historyBridge([
      runSummary('run-c', { name: 'keywords.csv', status: 'completed', startedAt: 1_000, endedAt: 1_000 + 95_000, costUsd: 0.0123, rateLimited: 7 }),
      runSummary('run-d', { name: 'Never started' }),
    ]);
    bridge.handle('run.rename', () => ok(null));
    const { user } = await renderWithStore(bridge);
    await user.click(screen.getByTestId('nav-history'));
    const row = within(rowOf('run-c'));
    expect(row.getByTestId('history-name').textContent).toBe('keywords.csv');
    expect(row.getByTestId('history-duration').textContent).toBe('1 min 35 s');
    expect(row.getByTestId('history-cost').textContent).toBe('$0.01');
    expect(row.getByTestId('history-429').dataset.count).toBe('7');
    expect(within(rowOf('run-d')).getByTestId('history-duration').textContent).toBe('–');
    expect(within(rowOf('run-d')).getByTestId('history-cost').textContent).toBe('–');

    await user.click(row.getByTestId('history-name-rename'));
    await user.clear(row.getByTestId('history-name-input'));
    await user.type(row.getByTestId('history-name-input'), 'Spring campaign{Enter}');
    expect(bridge.requests('run.rename')).toEqual([{ runId: 'run-c', name: 'Spring campaign' }]);
    await waitFor(() => expect(row.getByTestId('history-name').textContent).toBe('Spring campaign'));
  });
});
