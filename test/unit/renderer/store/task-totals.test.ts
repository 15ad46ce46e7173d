import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskStatus } from '../../../../shared/domain/task.ts';
import type { WaitReason } from '../../../../shared/domain/rate-limit.ts';
import type { TaskView } from '../../../../shared/run-view/task-view.ts';
import { nextTaskView } from '../../../../shared/run-view/task-view.ts';
import { applyRunEvents } from '../../../../renderer/store/apply-run-events.ts';
import type { LiveRunData } from '../../../../renderer/store/live-run-data.ts';
import { emptyLiveRun, fromSnapshot } from '../../../../renderer/store/live-run-data.ts';
import { swapTask, totalsOf } from '../../../../renderer/store/task-totals.ts';
import type { EventBody } from '../support/run-fixtures.ts';
import { events, snapshot, taskViews } from '../support/run-fixtures.ts';

const USAGE = { promptTokens: 100, completionTokens: 900, totalTokens: 1_000 };
const ERROR = { kind: 'network', decision: 'retry', message: 'Dropped' } as const;
const REASONS: readonly WaitReason[] = ['concurrency', 'requests', 'tokens'];

/** One legal event for a task in `status`, picked by `choice`; costs in whole micro-dollars, or none. */
function eventFor(task: TaskView, choice: number, cost: number | null): EventBody {
  const taskId = task.id;
  const costUsd = cost === null ? {} : { costUsd: cost / 1_000_000 };
  const reply = { attempt: task.attempts, usage: USAGE, latencyMs: 10, ...costUsd };
  const options: Record<TaskStatus, EventBody[]> = {
    queued: [
      { type: 'attempt.started', taskId, attempt: task.attempts + 1, estimatedTokens: 1_000 },
      { type: 'task.waiting', taskId, reason: REASONS[choice % REASONS.length]!, waitMs: 100 },
      { type: 'task.skipped', taskId },
    ],
    waiting: [
      { type: 'attempt.started', taskId, attempt: task.attempts + 1, estimatedTokens: 1_000 },
      { type: 'task.waiting', taskId, reason: REASONS[choice % REASONS.length]!, waitMs: 100 },
      { type: 'task.queued', taskId },
    ],
    running: [
      { type: 'attempt.progress', taskId, attempt: task.attempts, chars: 10 * choice, completionTokens: choice },
      { type: 'attempt.failed', taskId, attempt: task.attempts, error: ERROR, latencyMs: 5, ...costUsd },
      { type: 'retry.scheduled', taskId, attempt: task.attempts, delayMs: 100, source: 'backoff' },
      { type: 'attempt.rejected', taskId, regeneration: 1, ...reply },
      { type: 'task.done', taskId, ...reply },
      { type: 'task.needs_review', taskId, gates: [], ...reply },
      { type: 'task.failed', taskId, error: { ...ERROR, decision: 'fail_task' } },
      { type: 'task.cancelled', taskId, reason: 'Cancelled.' },
    ],
    retrying: [
      { type: 'attempt.started', taskId, attempt: task.attempts + 1, estimatedTokens: 1_000 },
      { type: 'task.waiting', taskId, reason: 'concurrency', waitMs: 100 },
    ],
    done: [{ type: 'task.queued', taskId }],
    needs_review: [{ type: 'task.queued', taskId }],
    failed: [{ type: 'task.queued', taskId }],
    cancelled: [{ type: 'task.queued', taskId }],
    skipped: [{ type: 'task.queued', taskId }],
  };
  const legal = options[task.status];
  return legal[choice % legal.length]!;
}

describe('task totals', () => {
  it('kept event by event, always equal the sums over the tasks as they stand', () => {
    const step = fc.record({ task: fc.nat(5), choice: fc.nat(20), cost: fc.option(fc.integer({ min: 1, max: 5_000 })), cut: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        let state: LiveRunData = { ...emptyLiveRun(), openRunId: 'run-1', ...fromSnapshot(snapshot('run-1', taskViews(6))) };
        // The tasks as the events so far leave them, to pick each next event legal for its task.
        const mirror = new Map(Object.entries(state.byId));
        let batch: EventBody[] = [];
        const flush = () => {
          const applied = applyRunEvents(state, events('run-1', state.lastSeq + 1, batch));
          expect(applied.gap).toBe(false);
          state = { ...state, ...applied.patch };
          batch = [];
        };
        for (const { task, choice, cost, cut } of steps) {
          const current = mirror.get(String(task))!;
          const body = eventFor(current, choice, cost);
          const [event] = events('run-1', 1, [body]);
          mirror.set(current.id, nextTaskView(current, event as Parameters<typeof nextTaskView>[1]));
          batch.push(body);
          if (cut) flush();
        }
        flush();
        const expected = totalsOf(Object.values(state.byId));
        for (const key of Object.keys(expected) as (keyof typeof expected)[]) expect(state.totals[key]).toBeCloseTo(expected[key], 9);
      }),
    );
  });

  it('keeps its identity when a task’s share does not change (a streamed chunk)', () => {
    const [queued] = taskViews(1);
    const running = { ...queued!, status: 'running' as const, attempts: 1 };
    const totals = totalsOf([running]);
    expect(swapTask(totals, running, { ...running, chars: 400, completionTokens: 100 })).toBe(totals);
    expect(swapTask(totals, running, { ...running, costUsd: 0.01 }).billedUsd).toBe(0.01);
  });
});
