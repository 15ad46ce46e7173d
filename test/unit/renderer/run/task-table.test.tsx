// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { fakeViewport, renderWithStore } from '../support/render-app.tsx';
import { newTaskView } from '../../../../shared/run-view/task-view.ts';
import { events, snapshot, taskViews } from '../support/run-fixtures.ts';

let restoreViewport: () => void;
beforeEach(() => {
  restoreViewport = fakeViewport(720);
});
afterEach(() => {
  cleanup();
  restoreViewport();
});

async function openRunOf(count: number) {
  const bridge = new FakeBridge({
    'run.open': () => ok(snapshot('run-1', taskViews(count), 0, { phase: 'running' })),
    'task.attempts': () => ok([]),
    'task.article': () => ok({ topic: 'Topic 1', prompt: 'Write about Topic 1.', text: null, exportedPath: null }),
  });
  const rendered = await renderWithStore(bridge);
  await act(() => rendered.store.getState().openRun('run-1'));
  await screen.findByTestId('run-view');
  return rendered;
}

const row = (taskId: string) => document.querySelector<HTMLElement>(`[data-testid="task-row"][data-task-id="${taskId}"]`);

describe('task table', () => {
  it('renders only a window of rows for 10,000 tasks', async () => {
    await openRunOf(10_000);
    const rows = screen.getAllByTestId('task-row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByTestId('task-table').getAttribute('aria-rowcount')).toBe('10001');
    expect(rows[0]!.dataset.taskId).toBe('0');
    expect(screen.getByTestId('task-shown-count').textContent).toBe('10,000 tasks');
  });

  it('updates a row when its task changes, and shows why a retrying task waits', async () => {
    const { bridge, store } = await openRunOf(10_000);
    const untouched = store.getState().byId['5'];
    act(() => {
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'attempt.started', taskId: '2', attempt: 1, estimatedTokens: 800 },
          { type: 'attempt.progress', taskId: '2', attempt: 1, chars: 1_200, completionTokens: 321 },
          { type: 'attempt.started', taskId: '3', attempt: 1, estimatedTokens: 800 },
          { type: 'attempt.failed', taskId: '3', attempt: 1, latencyMs: 150, error: { kind: 'rate_limited', decision: 'retry', message: 'Rate limit reached on requests', status: 429 } },
          { type: 'retry.scheduled', taskId: '3', attempt: 1, delayMs: 60_000, source: 'retry_after' },
          { type: 'task.waiting', taskId: '4', reason: 'tokens', waitMs: 60_000 },
        ]),
      });
    });

    expect(row('2')!.dataset.status).toBe('running');
    expect(within(row('2')!).getByTestId('task-tokens').textContent).toBe('321');
    const retrying = within(row('3')!).getByTestId('status-badge');
    expect(retrying.dataset.status).toBe('retrying');
    expect(retrying.textContent).toContain('429');
    expect(retrying.textContent).toContain('server retry-after');
    expect(row('3')!.textContent).toContain('Rate limit reached on requests');
    expect(within(row('4')!).getByTestId('status-badge').textContent).toContain('for token quota');
    expect(store.getState().byId['5']).toBe(untouched);
    expect(document.querySelector('[data-testid="status-count"][data-status="running"]')!.getAttribute('data-count')).toBe('1');
  });

  it('shows the control characters a topic or a server message holds, instead of letting them act unseen', async () => {
    const hostile = ['\x1b[31mRed\x07', 'Bidi \u202eexe.txt', 'C1 \u009b2J'];
    const bridge = new FakeBridge({
      'run.open': () => ok(snapshot('run-1', hostile.map((topic, index) => newTaskView(String(index), index, topic, 'queued')), 0, { phase: 'running' })),
      'task.attempts': () => ok([]),
      'task.article': () => ok({ topic: hostile[0]!, prompt: 'p', text: null, exportedPath: null }),
    });
    const { store, user } = await renderWithStore(bridge);
    await act(() => store.getState().openRun('run-1'));
    await screen.findByTestId('run-view');
    act(() => {
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 800 },
          { type: 'attempt.failed', taskId: '0', attempt: 1, latencyMs: 150, error: { kind: 'server_error', decision: 'retry', message: 'Oops \x1b]0;pwned\x07', status: 500 } },
          { type: 'retry.scheduled', taskId: '0', attempt: 1, delayMs: 60_000, source: 'backoff' },
        ]),
      });
    });
    const cells = (taskId: string) => row(taskId)!.querySelectorAll('[role="gridcell"]');
    expect(cells('0')[1]!.textContent).toBe('␛[31mRed␇');
    expect(cells('1')[1]!.textContent).toBe('Bidi \\u202eexe.txt');
    expect(cells('2')[1]!.textContent).toBe('C1 \\u009b2J');
    expect(row('0')!.textContent).toContain('Oops ␛]0;pwned␇');
    await user.click(row('0')!);
    expect(screen.getByTestId('task-detail').querySelector('h2')!.textContent).toBe('␛[31mRed␇');
    expect(screen.getByTestId('task-detail-error').textContent).toContain('Oops ␛]0;pwned␇');
  });

  it('filters by status and searches by topic', async () => {
    const { bridge, user } = await openRunOf(200);
    act(() => {
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'attempt.started', taskId: '10', attempt: 1, estimatedTokens: 800 },
          { type: 'attempt.started', taskId: '120', attempt: 1, estimatedTokens: 800 },
        ]),
      });
    });
    await user.selectOptions(screen.getByTestId('task-filter-status'), 'running');
    expect(screen.getAllByTestId('task-row').map((r) => r.dataset.taskId)).toEqual(['10', '120']);

    await user.selectOptions(screen.getByTestId('task-filter-status'), 'all');
    await user.type(screen.getByTestId('task-search'), 'topic 19');
    expect(screen.getAllByTestId('task-row').map((r) => r.dataset.taskId)).toEqual(['19', '190', '191', '192', '193', '194', '195', '196', '197', '198', '199']);
    expect(screen.getByTestId('task-shown-count').textContent).toBe('11 of 200');
  });

  it('opens the task detail when a row is clicked, and moves with the arrow keys', async () => {
    const { user } = await openRunOf(50);
    await user.click(row('1')!);
    expect(row('1')!.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('task-detail').dataset.taskId).toBe('1');

    fireEvent.keyDown(screen.getByTestId('task-table-scroll'), { key: 'ArrowDown' });
    await waitFor(() => expect(screen.getByTestId('task-detail').dataset.taskId).toBe('2'));
    await user.click(screen.getByTestId('task-detail-close'));
    expect(screen.queryByTestId('task-detail')).toBeNull();
  });
});
