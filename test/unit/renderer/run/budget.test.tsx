// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BUDGET_REACHED } from '../../../../shared/domain/events.ts';
import { emptyCounts } from '../../../../shared/domain/task.ts';
import { DEFAULT_SETTINGS } from '../../../../renderer/store/settings-draft.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { fakeViewport, renderWithStore } from '../support/render-app.tsx';
import { events, runDetail, snapshot, taskViews } from '../support/run-fixtures.ts';

afterEach(cleanup);

describe('budget in Setup', () => {
  it('checks the budget field inline, blocks Run while it is bad, and sends a good one with the run', async () => {
    const bridge = new FakeBridge({ 'run.create': () => ok({ runId: 'run-9' }), 'run.start': () => ok(null), 'run.open': () => ok(snapshot('run-9', taskViews(1))) });
    const { user } = await renderWithStore(bridge);
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('one topic');
    const budget = screen.getByTestId('settings-budget');

    await user.type(budget, '0');
    expect(screen.getByTestId('settings-budget-error').textContent).toBe('Budget must be greater than 0 US dollars; got 0');
    expect(screen.getByTestId<HTMLButtonElement>('run-button').disabled).toBe(true);
    expect(screen.getByTestId('run-blocked-reason').textContent).toBe('Fix Budget: Budget must be greater than 0 US dollars; got 0.');

    await user.clear(budget);
    await user.type(budget, 'lots');
    expect(screen.getByTestId('settings-budget-error').textContent).toBe('Budget must be a number of US dollars such as 5 or 12.50, or blank for no budget, not "lots"');

    await user.clear(budget);
    await user.type(budget, '$2.50');
    expect(screen.queryByTestId('settings-budget-error')).toBeNull();
    await user.click(screen.getByTestId('run-button'));
    await act(async () => undefined);
    expect(bridge.requests('run.create')[0]?.settings.budgetUsd).toBe(2.5);
  });

  it('says in the estimate whether the budget covers the run', async () => {
    const cost = { minUsd: 0.01, expectedUsd: 0.8, maxUsd: 1 };
    const bridge = new FakeBridge({ 'run.estimate': () => ok({ tasks: 10, promptTokens: 100, maxOutputTokens: 10_000, reservedTokens: 10_100, expectedOutputTokens: 8_000, cost }) });
    const { user } = await renderWithStore(bridge);
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('one topic');
    const budget = screen.getByTestId('settings-budget');
    await user.type(budget, '2');
    const says = (text: string) => waitFor(() => expect(screen.getByTestId('estimate-budget').textContent).toBe(text));
    await says('$2.00: covers the whole run');
    await user.clear(budget);
    await user.type(budget, '0.9');
    await says('$0.90: covers the expected $0.80, not every reply at max tokens; the run may stop before the end');
    await user.clear(budget);
    await user.type(budget, '0.4');
    await says('$0.40: below the expected $0.80; the run will likely stop at about 50 % of its topics');
  });

  it('refuses a budget for a model Pacer has no price for', async () => {
    const { user } = await renderWithStore();
    const model = screen.getByTestId('settings-model');
    await user.clear(model);
    await user.type(model, 'my-local-model');
    await user.type(screen.getByTestId('settings-budget'), '5');
    expect(screen.getByTestId('settings-budget-error').textContent).toContain('Pacer has no price for "my-local-model", so it cannot keep a budget');
  });
});

describe('budget in the run view', () => {
  async function openBudgetRun() {
    const restore = fakeViewport();
    const settings = { ...DEFAULT_SETTINGS, budgetUsd: 0.5 };
    const bridge = new FakeBridge({
      'run.open': () => ok({ ...snapshot('run-1', taskViews(2), 0, { phase: 'running' }), detail: runDetail('run-1', { total: 2, settings }) }),
      'run.start': () => ok(null),
    });
    const rendered = await renderWithStore(bridge);
    await act(() => rendered.store.getState().openRun('run-1'));
    restore();
    return { ...rendered, bridge };
  }

  it('shows spent of budget in the header; at "budget reached" offers a higher budget and resumes with it', async () => {
    const { user, bridge, store } = await openBudgetRun();
    expect(screen.getByTestId('run-budget').textContent).toBe('$0 of $0.50');
    const usage = { promptTokens: 1_000_000, completionTokens: 0, totalTokens: 1_000_000 };
    act(() => {
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 1_001_024 },
          { type: 'task.done', taskId: '0', attempt: 1, usage, costUsd: 0.15, latencyMs: 10 },
          { type: 'task.cancelled', taskId: '1', reason: 'Budget reached' },
          {
            type: 'run.finished',
            outcome: 'stopped',
            counts: { ...emptyCounts(), done: 1, cancelled: 1 },
            error: { code: BUDGET_REACHED, message: 'Budget reached: $0.15 spent of $0.50, and the next request could cost up to $0.40.' },
            budget: { limitUsd: 0.5, spentUsd: 0.15 },
          },
        ]),
      });
    });
    expect(screen.getByTestId('run-budget').textContent).toBe('$0.15 of $0.50');
    expect(screen.getByTestId('run-status').dataset.label).toBe('budget reached');
    expect(screen.getByTestId('stopped-banner').dataset.code).toBe(BUDGET_REACHED);
    expect(screen.getByTestId('stopped-advice').textContent).toContain('Raise the budget and resume');

    const input = screen.getByTestId<HTMLInputElement>('raise-budget-input');
    expect(input.value, 'starts at twice the old budget').toBe('1');
    await user.clear(input);
    await user.type(input, '0.4');
    expect(screen.getByTestId('raise-budget-input-error').textContent).toBe('The run has spent its $0.5 budget: give more than that');
    expect(screen.getByTestId<HTMLButtonElement>('raise-budget-resume').disabled).toBe(true);

    await user.clear(input);
    await user.type(input, '2');
    await user.click(screen.getByTestId('raise-budget-resume'));
    expect(bridge.requests('run.start')).toEqual([{ runId: 'run-1', budgetUsd: 2 }]);

    // The new start brings the new budget, and the header follows it.
    act(() => {
      bridge.emit('service.events', { events: events('run-1', store.getState().lastSeq + 1, [{ type: 'run.started', total: 2, settings: { ...DEFAULT_SETTINGS, budgetUsd: 2 } }]) });
    });
    expect(screen.getByTestId('run-budget').textContent).toBe('$0.15 of $2.00');
    expect(screen.queryByTestId('stopped-banner')).toBeNull();
  });
});
