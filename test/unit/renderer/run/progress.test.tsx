// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../../shared/domain/task.ts';
import { finishedCount } from '../../../../shared/domain/task.ts';
import { finishedPercent } from '../../../../renderer/components/progress.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { renderWithStore, useFakeViewport } from '../support/render-app.tsx';
import { runSummary, snapshot, taskViews } from '../support/run-fixtures.ts';

useFakeViewport();

describe('progress', () => {
  it('counts done, failed and skipped as finished, and not cancelled: a resume sends those again', () => {
    const counts = { ...emptyCounts(), done: 2, failed: 1, skipped: 1, cancelled: 12 };
    expect(finishedCount(counts)).toBe(4);
    expect(finishedPercent(counts, 16)).toBe(25);
    expect(finishedPercent({ ...counts, done: 13, cancelled: 1 }, 16)).toBe(93);
    expect(finishedPercent(emptyCounts(), 0)).toBe(0);
  });

  it('reads the same in History and in the run view for a cancelled run, which can be resumed', async () => {
    const tasks = taskViews(16).map((task) => ({ ...task, status: task.index < 4 ? ('done' as const) : ('cancelled' as const) }));
    const run = runSummary('run-1', { status: 'cancelled', total: 16, counts: { ...emptyCounts(), done: 4, cancelled: 12 } });
    const base = snapshot('run-1', tasks);
    const bridge = new FakeBridge({
      'runs.list': () => ok([run]),
      'run.open': () => ok({ ...base, detail: { ...base.detail, status: 'cancelled' } }),
    });
    const { user } = await renderWithStore(bridge);

    await user.click(screen.getByTestId('nav-history'));
    const row = screen.getByTestId('history-row');
    expect(within(row).getByTestId('history-percent').textContent).toBe(' (25%)');

    await user.click(within(row).getByTestId('history-open'));
    await screen.findByTestId('run-view');
    expect(screen.getByTestId('run-progress-text').textContent).toBe('4 / 16 finished · 25%');
    expect(screen.getByTestId('run-progress').getAttribute('aria-valuenow')).toBe('4');
    expect(screen.getByTestId('run-start').textContent).toBe('Resume run');
  });
});
