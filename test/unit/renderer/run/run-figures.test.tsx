// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { costUsd, priceFor } from '../../../../shared/pricing.ts';
import { LiveControlsForm } from '../../../../renderer/features/run/live-controls-form.tsx';
import { RunFigures } from '../../../../renderer/features/run/run-figures.tsx';
import { DEFAULT_SETTINGS } from '../../../../renderer/store/settings-draft.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { renderWithStore } from '../support/render-app.tsx';
import type { EventBody } from '../support/run-fixtures.ts';
import { events, runDetail, snapshot, T0, taskViews } from '../support/run-fixtures.ts';

afterEach(cleanup);

const USAGE = { promptTokens: 2_000_000, completionTokens: 0, totalTokens: 2_000_000 };

async function openRunning(tasks: number, ui: Parameters<typeof renderWithStore>[1]) {
  const settings = { ...DEFAULT_SETTINGS, model: 'gpt-4o-mini', mode: 'batch' as const };
  const bridge = new FakeBridge({
    'run.open': () => ok({ ...snapshot('run-1', taskViews(tasks), 0, { phase: 'running' }), detail: runDetail('run-1', { status: 'running', total: tasks, settings, startedAt: T0 }) }),
  });
  const rendered = await renderWithStore(bridge, ui);
  await act(() => rendered.store.getState().openRun('run-1'));
  return rendered;
}

describe('the run header’s money', () => {
  it('shows what the engine billed a batch run (half the list price) and projects from it', async () => {
    const list = costUsd(priceFor('gpt-4o-mini')!, USAGE.promptTokens, USAGE.completionTokens);
    const billed = costUsd(priceFor('gpt-4o-mini')!, USAGE.promptTokens, USAGE.completionTokens, 'batch');
    expect([list, billed]).toEqual([0.3, 0.15]);
    const { bridge } = await openRunning(4, <RunFigures />);
    expect(screen.getByTestId('run-cost').textContent).toBe('$0');
    expect(screen.getByTestId('run-cost-projected').textContent).toBe('–');

    act(() =>
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 2_001_024 },
          { type: 'task.done', taskId: '0', attempt: 1, usage: USAGE, costUsd: billed, latencyMs: 10 },
        ]),
      }),
    );
    expect(screen.getByTestId('run-cost').textContent).toBe('$0.15');
    // One finished task billed $0.15: three more at that.
    expect(screen.getByTestId('run-cost-projected').textContent).toBe('$0.60');
  });

  it('says "price unknown" once a reply came without a cost', async () => {
    const { bridge } = await openRunning(2, <RunFigures />);
    act(() =>
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 1_000 },
          { type: 'task.done', taskId: '0', attempt: 1, usage: USAGE, latencyMs: 10 },
        ]),
      }),
    );
    expect(screen.getByTestId('run-cost').textContent).toBe('price unknown');
    expect(screen.getByTestId('run-cost-projected').textContent).toBe('–');
  });
});

describe('the run header and live controls under a stream of events', () => {
  it('do not re-render for streamed chunks, only when a figure they show changes', async () => {
    const renders = { figures: 0, controls: 0 };
    const { bridge, store } = await openRunning(
      50,
      <>
        <Profiler id="figures" onRender={() => renders.figures++}>
          <RunFigures />
        </Profiler>
        <Profiler id="controls" onRender={() => renders.controls++}>
          <LiveControlsForm />
        </Profiler>
      </>,
    );
    const going = taskViews(49);
    const started: EventBody[] = going.map((task) => ({ type: 'attempt.started', taskId: task.id, attempt: 1, estimatedTokens: 1_000 }));
    act(() => bridge.emit('service.events', { events: events('run-1', 1, started) }));
    const before = { ...renders };

    for (let round = 1; round <= 20; round++) {
      const chunks: EventBody[] = going.map((task) => ({ type: 'attempt.progress', taskId: task.id, attempt: 1, chars: round * 40, completionTokens: round * 10 }));
      act(() => bridge.emit('service.events', { events: events('run-1', store.getState().lastSeq + 1, chunks) }));
    }
    expect(store.getState().byId['7']).toMatchObject({ chars: 800, completionTokens: 200 });
    expect(renders).toEqual(before);

    act(() => bridge.emit('service.events', { events: events('run-1', store.getState().lastSeq + 1, [{ type: 'task.waiting', taskId: '49', reason: 'concurrency', waitMs: 1_000 }]) }));
    expect(renders.figures).toBeGreaterThan(before.figures);
    expect(screen.getByTestId('live-workers-state').dataset.probing).toBe('true');
  });
});
