import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, IllegalTransitionError, TASK_TRANSITIONS } from '../../shared/domain/task-transitions.ts';
import { isTerminal } from '../../shared/domain/task.ts';
import { newTaskView, nextTaskView } from '../../shared/run-view/task-view.ts';

describe('task state machine', () => {
  it('a finished task goes nowhere but back to the queue (or skipped)', () => {
    for (const [from, targets] of Object.entries(TASK_TRANSITIONS)) {
      if (isTerminal(from as never)) for (const to of targets) expect(['queued', 'skipped']).toContain(to);
    }
  });

  it('refuses illegal changes with the task and both states named', () => {
    expect(canTransition('done', 'running')).toBe(false);
    expect(() => assertTransition('t7', 'done', 'running')).toThrow(new IllegalTransitionError('t7', 'done', 'running'));
    expect(() => assertTransition('t7', 'done', 'running')).toThrow(/t7: done -> running/);
  });

  it('an event that would make an illegal change is refused by the reducer', () => {
    const done = { ...newTaskView('t1', 0, 'x'), status: 'done' as const };
    const event = { type: 'attempt.started' as const, taskId: 't1', attempt: 2, estimatedTokens: 1, seq: 9, at: 0, runId: 'r' };
    expect(() => nextTaskView(done, event)).toThrow(IllegalTransitionError);
  });

  it('the reducer records a wait with its reason and end time, and clears it when the attempt starts', () => {
    const base = { seq: 1, at: 1_000, runId: 'r', taskId: 't1' };
    const first = nextTaskView(newTaskView('t1', 0, 'x'), { ...base, type: 'attempt.started', attempt: 1, estimatedTokens: 1 });
    const waiting = nextTaskView(first, { ...base, type: 'retry.scheduled', attempt: 2, delayMs: 5_000, source: 'retry_after' });
    expect(waiting.wait).toEqual({ reason: 'retry', source: 'retry_after', until: 6_000 });
    const running = nextTaskView(waiting, { ...base, type: 'attempt.started', attempt: 2, estimatedTokens: 1 });
    expect(running.wait).toBeUndefined();
    expect(running.attempts).toBe(2);
  });
});
