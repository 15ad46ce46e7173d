// @vitest-environment happy-dom
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../../shared/domain/task.ts';
import { newTaskView } from '../../../../shared/run-view/task-view.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { renderWithStore, useFakeViewport } from '../support/render-app.tsx';
import { events, runDetail, snapshot, T0, taskViews } from '../support/run-fixtures.ts';

useFakeViewport();

const USAGE = { promptTokens: 100, completionTokens: 900, totalTokens: 1_000 };

describe('end-of-run summary', () => {
  it('says how long the run took, what became of its tasks, cost, retries and 429s, and where the articles are', async () => {
    // Billed at the batch price: half the $0.00056 the list price would make of USAGE.
    const tasks = [{ ...newTaskView('0', 0, 'a', 'done', 2), usage: USAGE, costUsd: 0.000_28 }, newTaskView('1', 1, 'b', 'failed', 3), newTaskView('2', 2, 'c', 'cancelled', 0)];
    const counts = { ...emptyCounts(), done: 1, failed: 1, cancelled: 1 };
    const detail = runDetail('run-1', { status: 'cancelled', total: 3, counts, outDir: '/home/ann/Articles', startedAt: T0, endedAt: T0 + 95_000 });
    const bridge = new FakeBridge({
      'run.open': () =>
        ok(snapshot('run-1', tasks, 9, { detail, phase: 'finished', activity: { bucketMs: 5_000, buckets: [{ start: T0, requests: 5, tokens: 5_000, rateLimited: 2, serverErrors: 1 }] } })),
      'run.openFolder': () => ok({ supported: false }),
      'run.retryFailed': () => ok(null),
    });
    const { store, user } = await renderWithStore(bridge);
    await act(() => store.getState().openRun('run-1'));

    const summary = screen.getByTestId('run-summary');
    expect(summary.dataset.status).toBe('cancelled');
    expect(summary.querySelector('h3')!.textContent).toBe('Run cancelled');
    expect(screen.getByTestId('summary-duration').textContent).toBe('1 min 35 s');
    expect([screen.getByTestId('summary-done'), screen.getByTestId('summary-failed'), screen.getByTestId('summary-cancelled')].map((e) => e.textContent)).toEqual(['1', '1', '1']);
    expect(screen.getByTestId('summary-cost').textContent).toBe('$0.00028');
    expect(screen.getByTestId('summary-retries').textContent).toBe('3');
    expect(screen.getByTestId('summary-429s').textContent).toBe('2');
    expect(screen.getByTestId('summary-folder').textContent).toBe('/home/ann/Articles');

    // A browser cannot open a folder: the path is given instead.
    await user.click(screen.getByTestId('summary-open-folder'));
    expect(bridge.requests('run.openFolder')).toEqual([{ runId: 'run-1' }]);
    expect((await screen.findByTestId('summary-open-unsupported')).textContent).toContain('/home/ann/Articles');
    await user.click(screen.getByTestId('summary-retry-failed'));
    expect(bridge.requests('run.retryFailed')).toEqual([{ runId: 'run-1' }]);
  });

  it('is not shown while the run goes; the header figures are, and it appears when the run finishes', async () => {
    const bridge = new FakeBridge({ 'run.open': () => ok(snapshot('run-1', taskViews(2, 'running'), 0, { phase: 'running', detail: runDetail('run-1', { status: 'running', total: 2, startedAt: T0 }) })) });
    const { store } = await renderWithStore(bridge);
    await act(() => store.getState().openRun('run-1'));
    expect(screen.queryByTestId('run-summary')).toBeNull();
    expect(screen.getByTestId('run-figures').textContent).toContain('Elapsed');
    expect(screen.getByTestId('run-rate').textContent).toBe('0 of 60');
    act(() =>
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'task.done', taskId: '0', attempt: 1, usage: USAGE, latencyMs: 10 },
          { type: 'task.failed', taskId: '1', error: { kind: 'bad_request', decision: 'fail_task', message: 'Bad' } },
          { type: 'run.finished', outcome: 'completed', counts: { ...emptyCounts(), done: 1, failed: 1 } },
        ]),
      }),
    );
    expect(screen.getByTestId('run-summary').dataset.status).toBe('completed');
    expect(screen.getByTestId('summary-duration').textContent).toBe('3.0 s');
    expect(screen.getByTestId('summary-export')).toBeTruthy();
  });
});
