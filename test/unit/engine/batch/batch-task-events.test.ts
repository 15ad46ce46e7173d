import { describe, expect, it } from 'vitest';
import { BatchTaskEvents } from '../../../../electron/engine/batch/batch-task-events.ts';
import { RunEvents } from '../../../../electron/engine/run-events.ts';
import type { AttemptError } from '../../../../shared/domain/errors.ts';
import type { EngineEvent } from '../../../../shared/domain/events.ts';
import { RunSettingsSchema } from '../../../../shared/domain/settings.ts';
import { newTaskView } from '../../../../shared/run-view/task-view.ts';
import { FakeClock } from '../../../support/fake-clock.ts';

const overloaded: AttemptError = { kind: 'server_error', decision: 'retry', status: 503, message: 'The provider is overloaded (503); retrying with backoff.' };

describe('a batch line that used up its attempts', () => {
  it('fails its task saying so, as an online run does, not that it will retry', () => {
    const events = new RunEvents('batch-run', new FakeClock(0), [newTaskView('t1', 0, 'topic', 'queued', 0)], 0);
    const seen: EngineEvent[] = [];
    events.on((event) => seen.push(event));
    const tasks = new BatchTaskEvents(events, RunSettingsSchema.parse({ mode: 'batch', deadlineMs: 60_000, retry: { maxAttempts: 2, baseDelayMs: 1_000, maxDelayMs: 60_000 } }));
    tasks.enterRound('t1');
    const again: boolean[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      tasks.startAttempt('t1', 100);
      again.push(tasks.failed('t1', overloaded, 1_000, false));
    }
    expect(again).toEqual([true, false]);
    const failed = seen.filter((e) => e.type === 'task.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.type === 'task.failed' && failed[0]!.error.message).toBe('Gave up after 2 attempts: The provider is overloaded (503).');
  });
});
