// @vitest-environment happy-dom
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../../shared/domain/batch.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { renderWithStore, useFakeViewport } from '../support/render-app.tsx';
import { runSummary, snapshot, taskViews } from '../support/run-fixtures.ts';

useFakeViewport();

const batch = (patch: Partial<BatchSummary>): BatchSummary => ({ partId: 'p1', batchId: 'batch_1', status: 'in_progress', total: 10, completed: 0, failed: 0, createdAt: 0, collected: false, ...patch });

async function openRun(batches: readonly BatchSummary[]) {
  const base = snapshot('run-1', taskViews(10));
  const bridge = new FakeBridge({ 'runs.list': () => ok([runSummary('run-1')]), 'run.open': () => ok({ ...base, batches }) });
  const rendered = await renderWithStore(bridge);
  await rendered.user.click(screen.getByTestId('nav-history'));
  await rendered.user.click(within(screen.getByTestId('history-row')).getByTestId('history-open'));
  await screen.findByTestId('run-view');
  return { ...rendered, bridge };
}

describe('batches panel', () => {
  it('is absent for an online run', async () => {
    await openRun([]);
    expect(screen.queryByTestId('batches-panel')).toBeNull();
  });

  it('shows each batch from the snapshot, then its state and counts as batch.status events arrive', async () => {
    const { bridge } = await openRun([batch({ completed: 3 })]);
    const row = () => screen.getAllByTestId('batch-row');
    expect(row()).toHaveLength(1);
    expect(row()[0]!.textContent).toBe('batch_1in progress3010');

    act(() =>
      bridge.emit('service.events', {
        events: [{ type: 'batch.status', runId: 'run-1', batches: [batch({ status: 'expired', completed: 7, failed: 3, collected: true }), batch({ partId: 'p2', batchId: null, status: 'submitting', total: 3 })] }],
      }),
    );

    expect(row().map((r) => r.getAttribute('data-status'))).toEqual(['expired', 'submitting']);
    expect(row()[0]!.textContent).toBe('batch_1expired, collected7310');
    expect(row()[1]!.textContent).toBe('submitting…submitting003');
  });

  it('ignores the batches of another run', async () => {
    const { bridge } = await openRun([batch({})]);
    act(() => bridge.emit('service.events', { events: [{ type: 'batch.status', runId: 'run-2', batches: [] }] }));
    expect(screen.getAllByTestId('batch-row')).toHaveLength(1);
  });
});
