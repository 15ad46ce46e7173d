// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../../shared/domain/task.ts';
import { stoppedRunAdvice } from '../../../../renderer/features/banners/stopped-run-advice.ts';
import { APP_INFO, FakeBridge, fail, ok } from '../support/fake-bridge.ts';
import { fakeViewport, renderWithStore } from '../support/render-app.tsx';
import { events, runDetail, runSummary, snapshot, taskViews } from '../support/run-fixtures.ts';

afterEach(cleanup);

async function stopOpenRun(code: string, message: string) {
  const restore = fakeViewport();
  const bridge = new FakeBridge({ 'run.open': () => ok(snapshot('run-1', taskViews(1), 0, { phase: 'running' })), 'run.start': () => ok(null) });
  const rendered = await renderWithStore(bridge);
  await act(() => rendered.store.getState().openRun('run-1'));
  act(() => {
    bridge.emit('service.events', {
      events: events('run-1', 1, [
        { type: 'task.cancelled', taskId: '0', reason: 'stopped' },
        { type: 'run.finished', outcome: 'stopped', counts: { ...emptyCounts(), cancelled: 1 }, error: { code, message } },
      ]),
    });
  });
  restore();
  return rendered;
}

describe('stopped-run banner', () => {
  it('says to check the API key in Settings for a rejected key, and opens Settings', async () => {
    const { user, store } = await stopOpenRun('invalid_api_key', 'The API key was rejected (401 invalid_api_key). Check the key (OPENAI_API_KEY or Settings).');
    const banner = screen.getByTestId('stopped-banner');
    expect(banner.dataset.code).toBe('invalid_api_key');
    expect(screen.getByTestId('stopped-message').textContent).toBe('The API key was rejected (401 invalid_api_key). Check the key (OPENAI_API_KEY or Settings).');
    expect(screen.getByTestId('stopped-advice').textContent).toBe('Check the API key in Settings, then resume the run.');
    await user.click(screen.getByTestId('stopped-open-settings'));
    expect(store.getState().view).toBe('setup');
  });

  it('says to check plan and billing for an empty quota, and resumes with run.start', async () => {
    const { user, bridge } = await stopOpenRun('insufficient_quota', 'Your account is out of quota (insufficient_quota).');
    expect(screen.getByTestId('stopped-advice').textContent).toBe('Check your plan and billing, then resume.');
    await user.click(screen.getByTestId('stopped-resume'));
    expect(bridge.requests('run.start')).toEqual([{ runId: 'run-1' }]);
  });

  it('says to pick a model the provider serves for an unknown model', () => {
    expect(stoppedRunAdvice({ code: 'model_not_found', message: "Model 'gpt-9' was not found (404)." }).advice).toBe(
      'Pick a model your provider serves in Settings, then start a new run with it.',
    );
  });

  it('shows for a run opened from the store that had stopped', async () => {
    const restore = fakeViewport();
    const bridge = new FakeBridge({
      'run.open': () => ok({ ...snapshot('run-1', taskViews(1, 'cancelled')), detail: runDetail('run-1', { status: 'stopped', error: { code: 'quota', message: 'Out of quota.' } }) }),
    });
    const { store } = await renderWithStore(bridge);
    await act(() => store.getState().openRun('run-1'));
    expect(screen.getByTestId('stopped-advice').textContent).toBe('Check your plan and billing, then resume.');
    restore();
  });
});

describe('connection and call errors', () => {
  it('shows a persistent banner while disconnected, and catches up when back', async () => {
    const { bridge } = await renderWithStore();
    const listsBefore = bridge.requests('runs.list').length;
    act(() => bridge.setStatus('disconnected'));
    expect(screen.getByTestId('disconnected-banner').textContent).toContain('Lost the connection to Pacer');
    act(() => bridge.setStatus('connected'));
    expect(screen.queryByTestId('disconnected-banner')).toBeNull();
    await waitFor(() => expect(bridge.requests('runs.list').length).toBe(listsBefore + 1));
  });

  it('turns a failed call into a dismissible toast with its message', async () => {
    const bridge = new FakeBridge({ 'run.duplicate': () => fail('not_found', 'Run "run-x" does not exist.') });
    const { store, user } = await renderWithStore(bridge);
    await act(() => store.getState().duplicateRun('run-x'));
    const toast = screen.getByTestId('toast');
    expect(toast.dataset.code).toBe('not_found');
    expect(toast.textContent).toContain('Run "run-x" does not exist.');
    await user.click(screen.getByTestId('toast-dismiss'));
    expect(screen.queryByTestId('toast')).toBeNull();
  });
});

describe('interrupted runs', () => {
  it('offers to resume runs that were going when Pacer last stopped', async () => {
    const restore = fakeViewport();
    const bridge = new FakeBridge({
      'app.info': () => ok({ ...APP_INFO, interruptedRunIds: ['run-1'] }),
      'runs.list': () => ok([runSummary('run-1', { status: 'interrupted', total: 1 }), runSummary('run-2', { status: 'completed' })]),
      'run.open': () => ok(snapshot('run-1', taskViews(1))),
      'run.start': () => ok(null),
    });
    const { user } = await renderWithStore(bridge);
    expect(screen.getByTestId('interrupted-banner').textContent).toContain('A run was interrupted when Pacer last stopped');
    await user.click(screen.getByTestId('interrupted-resume'));
    await waitFor(() => expect(bridge.requests('run.start')).toEqual([{ runId: 'run-1' }]));
    expect(bridge.requests('run.open')).toEqual([{ runId: 'run-1' }]);
    expect(await screen.findByTestId('run-view')).toBeTruthy();
    restore();
  });
});
