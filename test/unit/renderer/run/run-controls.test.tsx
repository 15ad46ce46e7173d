// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chartSeries } from '../../../../renderer/features/chart/chart-model.ts';
import { ACTIVITY_BUCKET_MS } from '../../../../shared/run-view/activity.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { fakeViewport, renderWithStore, useFakeViewport } from '../support/render-app.tsx';
import { events, snapshot, T0, taskViews } from '../support/run-fixtures.ts';

useFakeViewport();
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

async function runningRun() {
  const bridge = new FakeBridge({
    'run.open': () => ok(snapshot('run-1', taskViews(4), 0, { phase: 'running' })),
    'run.pause': () => ok(null),
    'run.resume': () => ok(null),
    'run.cancel': () => ok(null),
    'run.setControls': () => ok(null),
  });
  const rendered = await renderWithStore(bridge);
  await act(() => rendered.store.getState().openRun('run-1'));
  return rendered;
}

describe('run controls', () => {
  it('pauses, resumes and cancels the open run', async () => {
    const { bridge, user } = await runningRun();
    await user.click(screen.getByTestId('run-pause'));
    act(() => bridge.emit('service.events', { events: events('run-1', 1, [{ type: 'run.paused' }]) }));
    expect(screen.queryByTestId('run-pause')).toBeNull();
    await user.click(screen.getByTestId('run-resume'));
    await user.click(screen.getByTestId('run-cancel'));
    expect(bridge.calls.map((call) => call.name).filter((name) => /pause|resume|cancel/.test(name))).toEqual(['run.pause', 'run.resume', 'run.cancel']);
    expect(screen.getByTestId('run-status').dataset.status).toBe('paused');
  });

  it('changes RPM and workers mid-run, sending only what was edited', async () => {
    const { bridge, user } = await runningRun();
    const rpm = screen.getByTestId<HTMLInputElement>('live-rpm');
    expect(rpm.value).toBe('60');
    expect(screen.getByTestId<HTMLInputElement>('live-tpm').value).toBe('40000');

    await user.clear(rpm);
    await user.type(rpm, '0');
    expect(screen.getByTestId('live-rpm-error').textContent).toBe('Requests per minute must be greater than 0');
    expect(screen.getByTestId<HTMLButtonElement>('live-apply').disabled).toBe(true);

    await user.clear(rpm);
    await user.type(rpm, '120');
    await user.click(screen.getByTestId('live-apply'));
    await waitFor(() => expect(bridge.requests('run.setControls')).toEqual([{ runId: 'run-1', controls: { rpm: 120 } }]));

    const workers = screen.getByTestId('live-workers');
    await user.clear(workers);
    await user.type(workers, '16');
    await user.click(screen.getByTestId('live-apply'));
    await waitFor(() => expect(bridge.requests('run.setControls').at(-1)).toEqual({ runId: 'run-1', controls: { workers: 16 } }));
    // Applied, the field keeps the fixed size rather than snapping back to "auto".
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('live-apply').disabled).toBe(true));
    expect(screen.getByTestId<HTMLInputElement>('live-workers').value).toBe('16');
  });
});

describe('states that say what is going on', () => {
  it('says a paused run is still pausing while requests it let finish are in flight', async () => {
    const { bridge } = await runningRun();
    act(() =>
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 10 },
          { type: 'attempt.started', taskId: '1', attempt: 1, estimatedTokens: 10 },
          { type: 'run.paused' },
        ]),
      }),
    );
    const badge = screen.getByTestId('run-status');
    expect([badge.dataset.status, badge.dataset.label]).toEqual(['paused', 'pausing']);
    expect(badge.textContent).toBe('pausingfinishing 2 in flight');
    act(() =>
      bridge.emit('service.events', {
        events: events('run-1', 4, [
          { type: 'task.done', taskId: '0', attempt: 1, usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, latencyMs: 5 },
          { type: 'task.done', taskId: '1', attempt: 1, usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, latencyMs: 5 },
        ]),
      }),
    );
    expect([badge.dataset.status, badge.dataset.label, badge.textContent]).toEqual(['paused', 'paused', 'paused']);
  });

  it('says the first request is a probe, and that workers held back wait for its reply, not for a free worker', async () => {
    const { bridge, store } = await runningRun();
    const state = screen.getByTestId('live-workers-state');
    act(() =>
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'run.started', total: 4, settings: store.getState().detail!.settings },
          { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 10 },
        ]),
      }),
    );
    expect(state.dataset.probing).toBe('true');
    expect(state.textContent).toBe('4 allowed · 1 in flight · probing: one request until the server’s limits are known');
    // The first token ends the probe; workers started then wait for its rate-limit headers.
    act(() =>
      bridge.emit('service.events', {
        events: events('run-1', 3, [
          { type: 'attempt.progress', taskId: '0', attempt: 1, chars: 10, completionTokens: 2 },
          { type: 'task.waiting', taskId: '1', reason: 'concurrency', waitMs: 0 },
        ]),
      }),
    );
    expect(state.dataset.probing).toBe('true');
    const row = document.querySelector<HTMLElement>('[data-testid="task-row"][data-task-id="1"]')!;
    expect(row.textContent).toContain('for the first reply (probing the server’s limits)');
    expect(row.textContent).not.toContain('free worker');
    act(() => bridge.emit('service.events', { events: events('run-1', 5, [{ type: 'attempt.started', taskId: '1', attempt: 1, estimatedTokens: 10 }]) }));
    expect(state.dataset.probing).toBe('false');
    expect(state.textContent).toBe('4 allowed · 2 in flight');
  });

  it('shows the error a task is in now, not one from an attempt it has moved past', async () => {
    const { bridge } = await runningRun();
    const error = () => document.querySelector('[data-testid="task-row"][data-task-id="0"] [data-testid="task-error"]')!.textContent;
    const rateLimited = { kind: 'rate_limited' as const, decision: 'retry' as const, message: 'Rate limit reached for requests', status: 429 };
    act(() =>
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 10 },
          { type: 'attempt.failed', taskId: '0', attempt: 1, error: rateLimited, latencyMs: 5 },
          { type: 'retry.scheduled', taskId: '0', attempt: 2, delayMs: 1_000, source: 'retry_after' },
        ]),
      }),
    );
    expect(error()).toBe('Rate limit reached for requests');
    act(() => bridge.emit('service.events', { events: events('run-1', 4, [{ type: 'attempt.started', taskId: '0', attempt: 2, estimatedTokens: 10 }]) }));
    expect(error()).toBe('');
    expect(document.querySelector('[data-testid="task-row"][data-task-id="0"]')!.textContent).toContain('attempt 2');
  });
});

describe('what the server turned out to allow', () => {
  it('says it under the limits once the engine has learned it, and follows what it learns next', async () => {
    const { bridge } = await runningRun();
    expect(screen.queryByTestId('learned-limits')).toBeNull();
    const learned = (seq: number, burst: number) =>
      act(() =>
        bridge.emit('service.events', {
          events: events('run-1', seq, [
            { type: 'run.limits', limits: { rpm: 60, tpm: 40_000 }, shapes: { requests: { kind: 'bucket', burst }, tokens: { kind: 'window', seconds: 10, allowance: 6_000 } }, workers: 4, source: 'server' },
          ]),
        }),
      );
    learned(1, 10);
    expect(screen.getByTestId('learned-limits').textContent).toBe('Server allows: 60 RPM, at most 10 at once · 40,000 TPM in 10 s windows of 6,000');
    learned(2, 5);
    expect(screen.getByTestId('learned-limits').textContent).toMatch(/^Server allows: 60 RPM, at most 5 at once/);
  });
});

describe('run chart', () => {
  const emitRequests = (bridge: FakeBridge) =>
    act(() => {
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 1_000 },
          { type: 'attempt.started', taskId: '1', attempt: 1, estimatedTokens: 1_000 },
          { type: 'attempt.failed', taskId: '1', attempt: 1, latencyMs: 100, error: { kind: 'rate_limited', decision: 'retry', message: '429', status: 429 } },
          { type: 'retry.scheduled', taskId: '1', attempt: 1, delayMs: 1_000, source: 'retry_after' },
        ]),
      });
    });

  it('is collapsed by default, counting 429s in its summary line; opened, it stays open', async () => {
    const { bridge, user } = await runningRun();
    expect(screen.queryByTestId('run-chart')).toBeNull();
    emitRequests(bridge);
    expect(screen.getByTestId('chart-toggle').textContent).toBe('Throughput · 1 × 429');
    await user.click(screen.getByTestId('chart-toggle'));
    expect(screen.getByTestId('run-chart')).toBeTruthy();
    expect(localStorage.getItem('pacer.chart-open')).toBe('true');
    cleanup();
    await runningRun();
    expect(screen.getByTestId('chart-card').hasAttribute('open')).toBe(true);
  });

  it('draws requests per bucket against the limit and marks 429s', async () => {
    localStorage.setItem('pacer.chart-open', 'true');
    const { bridge } = await runningRun();
    expect(screen.getByTestId('run-chart-empty')).toBeTruthy();
    emitRequests(bridge);
    expect(screen.getByTestId('run-chart')).toBeTruthy();
    expect(screen.getByTestId('chart-requests').querySelectorAll('[data-testid="chart-bar"]').length).toBeGreaterThan(0);
    expect(screen.getByTestId('chart-requests').querySelectorAll('[data-testid="chart-429"]')).toHaveLength(1);
    expect(screen.getByTestId('chart-requests').querySelector('[data-testid="chart-limit"]')).not.toBeNull();
  });

  it('draws each panel at the width it is given and a fixed height, never scaled, as the window resizes', async () => {
    // happy-dom's ResizeObserver never reports; this one reports when the test resizes.
    const reports: (() => void)[] = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(report: ResizeObserverCallback) {
          reports.push(() => report([], this as unknown as ResizeObserver));
        }
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    );
    localStorage.setItem('pacer.chart-open', 'true');
    const { bridge } = await runningRun();
    emitRequests(bridge);
    // A viewBox would scale the drawing, text and all, to whatever width CSS gives the SVG.
    const size = () =>
      ['chart-requests', 'chart-tokens'].map((id) => {
        const svg = screen.getByTestId(id).querySelector('svg')!;
        expect(svg.getAttribute('viewBox')).toBeNull();
        return { width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) };
      });
    const wide = size();
    // Wide enough: the two panels side by side, half the width each, a compact fixed height.
    expect(wide.map((panel) => panel.width)).toEqual([592, 592]);
    expect(wide[0]!.height).toBeGreaterThanOrEqual(90);
    expect(wide[0]!.height).toBeLessThanOrEqual(130);

    const restoreWide = fakeViewport(640, 600);
    try {
      act(() => reports.forEach((report) => report()));
      expect(size()).toEqual(wide.map((panel) => ({ ...panel, width: 600 })));
    } finally {
      restoreWide();
    }
  });

  it('fills gaps and merges buckets on long runs, keeping rates per minute', () => {
    const buckets = [
      { start: T0, requests: 5, tokens: 5_000, rateLimited: 0, serverErrors: 0 },
      { start: T0 + 20_000, requests: 5, tokens: 5_000, rateLimited: 1, serverErrors: 0 },
    ];
    const short = chartSeries(buckets, ACTIVITY_BUCKET_MS, [{ at: T0, rpm: 60, tpm: null }]);
    expect(short.points.map((p) => p.requestsPerMin)).toEqual([60, 0, 0, 0, 60]);
    expect(short.points[0]).toMatchObject({ rpm: 60, tpm: null });

    const merged = chartSeries(buckets, ACTIVITY_BUCKET_MS, [], 2);
    expect(merged.bucketMs).toBe(15_000);
    expect(merged.points.map((p) => p.requestsPerMin)).toEqual([20, 20]);
    expect(merged.points[1]!.rateLimited).toBe(1);
  });
});
