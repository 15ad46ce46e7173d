// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredAttempt } from '../../../../shared/domain/run-records.ts';
import { RetryTimeline } from '../../../../renderer/features/task-detail/retry-timeline.tsx';
import { buildTimeline } from '../../../../renderer/features/task-detail/timeline-model.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { renderWithStore } from '../support/render-app.tsx';
import { attempt, events, snapshot, T0, taskViews } from '../support/run-fixtures.ts';

afterEach(cleanup);

const rateLimited = { kind: 'rate_limited' as const, message: 'Rate limit reached on requests', status: 429, code: 'rate_limit_exceeded' };
const serverError = { kind: 'server_error' as const, message: 'The server had an error (503)', status: 503, code: null };

const HISTORY: StoredAttempt[] = [
  attempt({ attempt: 1, startedAt: T0, endedAt: T0 + 400, status: 'failed', error: rateLimited }),
  attempt({ attempt: 2, startedAt: T0 + 2_400, endedAt: T0 + 3_000, status: 'failed', waitBeforeMs: 2_000, waitSource: 'retry_after', error: serverError }),
  attempt({ attempt: 3, startedAt: T0 + 4_500, endedAt: T0 + 9_000, status: 'ok', waitBeforeMs: 1_500, waitSource: 'backoff' }),
];

describe('retry timeline', () => {
  it('draws one span per attempt, coloured by outcome, and each wait labelled with its source', () => {
    render(<RetryTimeline timeline={buildTimeline(HISTORY, undefined, T0 + 10_000)!} />);
    const spans = screen.getAllByTestId('timeline-attempt');
    expect(spans.map((span) => span.dataset.outcome)).toEqual(['failed', 'failed', 'ok']);
    const waits = screen.getAllByTestId('timeline-wait');
    expect(waits.map((wait) => wait.dataset.source)).toEqual(['retry_after', 'backoff']);
    expect(waits[0]!.querySelector('text')!.textContent).toBe('server retry-after 2.0 s');
    expect(waits[1]!.querySelector('text')!.textContent).toBe('backoff 1.5 s');
    expect(screen.getAllByTestId('timeline-mark').map((mark) => mark.dataset.kind)).toEqual(['429', '5xx']);
    expect(screen.getByTestId('timeline-list').textContent).toContain('Waited 2.0 s: server retry-after');
  });

  it('shortens a wait far longer than the attempts, with a break mark, so the attempts stay readable', () => {
    const long: StoredAttempt[] = [
      attempt({ attempt: 1, startedAt: T0, endedAt: T0 + 600, status: 'failed', error: rateLimited }),
      attempt({ attempt: 2, startedAt: T0 + 600 + 591_000, endedAt: T0 + 591_600 + 700, status: 'ok', waitBeforeMs: 591_000, waitSource: 'retry_after' }),
    ];
    render(<RetryTimeline timeline={buildTimeline(long, undefined, T0 + 600_000)!} />);
    const [first, second] = screen.getAllByTestId('timeline-attempt').map((g) => Number(g.querySelector('rect')!.getAttribute('width')));
    // On a linear axis each would be under 1 px of the 376 px track; shortened, each is tens of pixels.
    expect(first).toBeGreaterThan(40);
    expect(second).toBeGreaterThan(40);
    expect(screen.getAllByTestId('timeline-break')).toHaveLength(1);
    expect(screen.getByTestId('timeline-wait').querySelector('text')!.textContent).toBe('server retry-after 9 min 51 s');
  });

  it('keeps a linear axis when no wait dominates', () => {
    render(<RetryTimeline timeline={buildTimeline(HISTORY, undefined, T0 + 10_000)!} />);
    expect(screen.queryAllByTestId('timeline-break')).toEqual([]);
  });

  it('adds the wait the task is in now, with the shared cool-down as its source', () => {
    const task = { ...taskViews(1, 'retrying')[0]!, attempts: 1, wait: { reason: 'retry' as const, source: 'cooldown' as const, until: T0 + 5_000 } };
    const timeline = buildTimeline(HISTORY.slice(0, 1), task, T0 + 1_000)!;
    render(<RetryTimeline timeline={timeline} />);
    const pending = screen.getAllByTestId('timeline-wait').at(-1)!;
    expect(pending.dataset.source).toBe('cooldown');
    expect(pending.querySelector('text')!.textContent).toBe('shared cool-down 4.6 s');
  });

  it('refetches the attempts when the selected task’s events arrive, and previews a done article as Markdown without raw HTML', async () => {
    let stored = HISTORY.slice(0, 1);
    const bridge = new FakeBridge({
      'run.open': () => ok(snapshot('run-1', [{ ...taskViews(1, 'retrying')[0]!, attempts: 1 }], 0, { phase: 'running' })),
      'task.attempts': () => ok(stored),
      'task.article': () => ok({ topic: 'Topic 0', prompt: 'Write about Topic 0.', text: '# Tomatoes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script><b>raw</b>', exportedPath: '/out/tomatoes.md' }),
    });
    const { store } = await renderWithStore(bridge);
    await act(() => store.getState().openRun('run-1'));
    act(() => store.getState().selectTask('0'));
    await waitFor(() => expect(screen.getAllByTestId('timeline-attempt').length).toBe(1));

    stored = HISTORY;
    act(() => {
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'attempt.started', taskId: '0', attempt: 2, estimatedTokens: 100 },
          { type: 'task.done', taskId: '0', attempt: 2, usage: { promptTokens: 10, completionTokens: 500, totalTokens: 510 }, latencyMs: 4_500 },
        ]),
      });
    });
    await waitFor(() => expect(screen.getAllByTestId('timeline-attempt').length).toBe(3));

    const article = await screen.findByTestId('article-preview');
    expect(article.querySelector('h1')!.textContent).toBe('Tomatoes');
    expect(article.querySelector('table')).not.toBeNull();
    expect(article.querySelector('script')).toBeNull();
    expect(article.querySelector('b')).toBeNull();
    expect(screen.getByTestId('article-path').textContent).toBe('Saved as /out/tomatoes.md');
  });

  it('edits the prompt and re-runs the task', async () => {
    const bridge = new FakeBridge({
      'run.open': () => ok(snapshot('run-1', [{ ...taskViews(1, 'failed')[0]!, attempts: 2 }])),
      'task.attempts': () => ok(HISTORY.slice(0, 2)),
      'task.article': () => ok({ topic: 'Topic 0', prompt: 'Write about Topic 0.', text: null, exportedPath: null }),
      'task.editPrompt': () => ok(null),
    });
    const { store, user } = await renderWithStore(bridge);
    await act(() => store.getState().openRun('run-1'));
    act(() => store.getState().selectTask('0'));
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('task-edit-prompt').disabled).toBe(false));
    await user.click(screen.getByTestId('task-edit-prompt'));
    const input = screen.getByTestId<HTMLTextAreaElement>('task-prompt-input');
    expect(input.value).toBe('Write about Topic 0.');
    await user.type(input, ' Keep it short.');
    await user.click(screen.getByTestId('task-prompt-save'));
    await waitFor(() => expect(bridge.requests('task.editPrompt')).toEqual([{ runId: 'run-1', taskId: '0', prompt: 'Write about Topic 0. Keep it short.' }]));
    expect(screen.queryByTestId('task-prompt-form')).toBeNull();
  });
});
