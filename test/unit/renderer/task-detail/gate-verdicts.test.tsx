// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GateResult } from '../../../../shared/quality/evaluate-gates.ts';
import type { StoredAttempt } from '../../../../shared/domain/run-records.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { renderWithStore } from '../support/render-app.tsx';
import { attempt, events, snapshot, T0, taskViews } from '../support/run-fixtures.ts';

afterEach(cleanup);

const SHORT: GateResult[] = [
  { gate: 'words', passed: false, reason: '212 words, at least 600 required' },
  { gate: 'phrases', passed: true, reason: 'no refusal or placeholder phrases' },
];

const ATTEMPTS: StoredAttempt[] = [
  attempt({ attempt: 1, startedAt: T0, endedAt: T0 + 400, status: 'rejected', gates: SHORT, costUsd: 0.0001 }),
  attempt({ attempt: 2, startedAt: T0 + 500, endedAt: T0 + 900, status: 'ok', regeneration: 1, gates: SHORT, costUsd: 0.0001 }),
];

describe('the task detail of a gated run', () => {
  it('shows each gate’s verdict, measured against its threshold, the regenerations, and each regeneration as its own attempt', async () => {
    const bridge = new FakeBridge({
      'run.open': () => ok(snapshot('run-1', [{ ...taskViews(1, 'running')[0]!, attempts: 1 }], 0, { phase: 'running' })),
      'task.attempts': () => ok(ATTEMPTS),
      'task.article': () => ok({ topic: 'Topic 0', prompt: 'Write about Topic 0.', text: '# Topic 0\n\nShort.', exportedPath: null }),
    });
    const { store } = await renderWithStore(bridge);
    await act(() => store.getState().openRun('run-1'));
    act(() => store.getState().selectTask('0'));
    act(() => {
      bridge.emit('service.events', {
        events: events('run-1', 1, [
          { type: 'attempt.rejected', taskId: '0', attempt: 1, regeneration: 1, usage: { promptTokens: 10, completionTokens: 300, totalTokens: 310 }, latencyMs: 400, gates: SHORT },
          { type: 'attempt.started', taskId: '0', attempt: 2, estimatedTokens: 100, regeneration: 1 },
          { type: 'task.needs_review', taskId: '0', attempt: 2, usage: { promptTokens: 10, completionTokens: 300, totalTokens: 310 }, latencyMs: 400, gates: SHORT },
        ]),
      });
    });
    await waitFor(() => expect(screen.getByTestId('task-detail-status').dataset.status).toBe('needs_review'));
    const verdicts = screen.getByTestId('task-gates');
    expect(verdicts.querySelector('[data-gate="words"]')!.getAttribute('data-passed')).toBe('false');
    expect(verdicts.querySelector('[data-gate="words"]')!.textContent).toContain('Length failed: 212 words, at least 600 required');
    expect(verdicts.querySelector('[data-gate="phrases"]')!.getAttribute('data-passed')).toBe('true');
    expect(screen.getByTestId('task-regenerations').textContent).toBe('Regenerated 1 time after failing a gate.');

    await waitFor(() => expect(screen.getAllByTestId('timeline-attempt').map((span) => span.dataset.outcome)).toEqual(['rejected', 'ok']));
    const list = screen.getByTestId('timeline-list').textContent!;
    expect(list).toContain('Attempt 1 · rejected · took 400 ms · failed Length: 212 words, at least 600 required');
    expect(list).toContain('Attempt 2 · regeneration 1 · ok');
    // An article that needs review is shown, for the reviewer to read.
    expect((await screen.findByTestId('article-preview')).textContent).toContain('Short.');
  });
});
