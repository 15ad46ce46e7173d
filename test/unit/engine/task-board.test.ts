import { describe, expect, it } from 'vitest';
import { RunSettingsSchema } from '../../../shared/domain/settings.ts';
import type { TaskStatus } from '../../../shared/domain/task.ts';
import { TaskBoard } from '../../../electron/engine/task-board.ts';
import { FakeClock } from '../../support/fake-clock.ts';

/** A board whose statuses the test sets by hand, as the run's events would. */
function board() {
  const clock = new FakeClock();
  const statuses = new Map<string, TaskStatus>([
    ['a', 'queued'],
    ['b', 'queued'],
  ]);
  let ready = 0;
  const errors: unknown[] = [];
  const b = new TaskBoard({
    settings: RunSettingsSchema.parse({ maxTokens: 10 }),
    tasks: [...statuses.keys()].map((id, index) => ({ id, index, topic: id, vars: {} })),
    clock,
    statusOf: (id) => statuses.get(id)!,
    onReady: () => ready++,
    onTimerError: (error) => errors.push(error),
  });
  return { b, clock, statuses, readyCalls: () => ready, errors };
}

describe('TaskBoard: one place per task, moved only by the rules', () => {
  it('takes a task from the queue into a slot, backs it off, and makes it ready again when the timer ends', async () => {
    const { b, clock, statuses, readyCalls } = board();
    b.enqueue('a', 'fresh');
    const slot = b.take()!;
    expect([slot.taskId, b.placeOf('a'), b.slotCount]).toEqual(['a', 'slot', 1]);
    statuses.set('a', 'retrying'); // retry.scheduled
    b.leaveSlot(slot, { to: 'backoff', delayMs: 1_000 });
    expect([b.placeOf('a'), b.slotCount, b.busy]).toEqual(['backoff', 0, true]);
    await clock.advance(1_000);
    expect([b.placeOf('a'), readyCalls()]).toEqual(['ready', 1]);
    expect(b.take()?.taskId).toBe('a');
  });

  it('refuses a move the rules do not have, or a status that does not fit the place', () => {
    const { b, statuses } = board();
    b.enqueue('a', 'fresh');
    expect(() => b.enqueue('a', 'fresh')).toThrow('Task "a" cannot move from ready to ready');
    const slot = b.take()!;
    expect(() => b.settle('a')).toThrow(/in flight: abort its slot/);
    // Still running: it cannot be left idle as if it had finished.
    statuses.set('a', 'running');
    expect(() => b.leaveSlot(slot, { to: 'idle' })).toThrow('Task "a" is running, which does not belong in idle');
    statuses.set('a', 'done');
    b.leaveSlot(slot, { to: 'idle' });
    expect(() => b.leaveSlot(slot, { to: 'idle' })).toThrow(/no longer its own/);
    statuses.set('b', 'skipped');
    expect(() => b.enqueue('b', 'retry')).toThrow('Task "b" is skipped, which does not belong in ready');
  });

  it('a skip or a stop takes a task out of the queue or its backoff for good', async () => {
    const { b, clock, statuses, readyCalls } = board();
    b.enqueue('a', 'fresh');
    b.enqueue('b', 'fresh');
    statuses.set('a', 'skipped');
    b.settle('a');
    const slot = b.take()!;
    expect(slot.taskId).toBe('b');
    expect(b.take()).toBeUndefined();
    statuses.set('b', 'retrying');
    b.leaveSlot(slot, { to: 'backoff', delayMs: 1_000 });
    statuses.set('b', 'cancelled');
    b.settle('b');
    await clock.advance(5_000);
    expect([readyCalls(), b.busy, clock.pending]).toEqual([0, false, 0]);
  });

  it('a pause aborts only the slots still waiting for quota; a stop outranks a skip, a skip a pause', () => {
    const { b } = board();
    b.enqueue('a', 'fresh');
    b.enqueue('b', 'fresh');
    const waiting = b.take()!;
    const sending = b.take()!;
    b.markRequesting(sending);
    b.abortWaiting();
    expect([waiting.signal.aborted, waiting.stop, sending.signal.aborted]).toEqual([true, 'pause', false]);
    b.abortSlot('a', 'stop');
    b.abortSlot('a', 'skip');
    expect(waiting.stop).toBe('stop');
    expect(b.abortSlot('nobody-in-a-slot', 'skip')).toBe(false);
  });
});
