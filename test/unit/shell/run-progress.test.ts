import { describe, expect, it } from 'vitest';
import { RunSettingsSchema } from '../../../shared/domain/settings.ts';
import { emptyCounts } from '../../../shared/domain/task.ts';
import type { StatusCounts, TaskStatus } from '../../../shared/domain/task.ts';
import type { WireEvent } from '../../../shared/ipc/contract.ts';
import { RunProgress } from '../../../electron/main/run-progress.ts';
import { runFinishedNotice } from '../../../electron/main/run-notice.ts';
import type { RunFinishedEvent } from '../../../electron/main/run-progress.ts';

const settings = RunSettingsSchema.parse({});
let seq = 0;
const base = (runId: string) => ({ seq: ++seq, at: 0, runId });
const started = (runId: string, total: number): WireEvent => ({ ...base(runId), type: 'run.started', total, settings });
const queued = (runId: string, taskId: string): WireEvent => ({ ...base(runId), type: 'task.queued', taskId });
const done = (runId: string, taskId: string): WireEvent => ({
  ...base(runId),
  type: 'task.done',
  taskId,
  attempt: 1,
  usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
  latencyMs: 10,
});
const skipped = (runId: string, taskId: string): WireEvent => ({ ...base(runId), type: 'task.skipped', taskId });
const finished = (runId: string, outcome: RunFinishedEvent['outcome'], counts: Partial<StatusCounts> = {}): RunFinishedEvent => ({
  ...base(runId),
  type: 'run.finished',
  outcome,
  counts: { ...emptyCounts(), ...counts },
});
const tasks = (...statuses: TaskStatus[]) => statuses.map((status, i) => ({ id: `t${i + 1}`, status }));

describe('RunProgress', () => {
  it('does not count cancelled tasks as finished (a resume sends them), as the app does', () => {
    const progress = new RunProgress();
    progress.apply([started('r1', 4), done('r1', 't1'), { ...base('r1'), type: 'task.cancelled', taskId: 't2', reason: 'Cancelled by the user.' }]);
    expect(progress.bar()?.fraction).toBe(0.25);
    progress.seed('r1', tasks('done', 'cancelled', 'cancelled', 'skipped'));
    expect(progress.bar()?.fraction).toBe(0.5);
  });

  it('has no bar while no run is going', () => {
    expect(new RunProgress().bar()).toBeUndefined();
  });

  it('counts finished tasks over the total, and removes the bar when the run finishes', () => {
    const progress = new RunProgress();
    expect(progress.apply([started('r1', 4)]).started).toEqual(['r1']);
    expect(progress.bar()).toEqual({ fraction: 0, paused: false });
    progress.apply([done('r1', 't1'), skipped('r1', 't2'), { ...base('r1'), type: 'attempt.started', taskId: 't3', attempt: 1, estimatedTokens: 10 }]);
    expect(progress.bar()).toEqual({ fraction: 0.5, paused: false });
    const end = finished('r1', 'completed', { done: 1, skipped: 1, failed: 2 });
    expect(progress.apply([end]).finished).toEqual([end]);
    expect(progress.bar()).toBeUndefined();
  });

  it('counts a task once however often it finishes, and un-counts it when it is queued again', () => {
    const progress = new RunProgress();
    progress.apply([started('r1', 2), done('r1', 't1'), done('r1', 't1')]);
    expect(progress.bar()?.fraction).toBe(0.5);
    progress.apply([queued('r1', 't1')]);
    expect(progress.bar()?.fraction).toBe(0);
  });

  it("seeds a resumed run's earlier finished tasks from its snapshot, letting later events win", () => {
    const progress = new RunProgress();
    progress.apply([started('r1', 4), queued('r1', 't3'), done('r1', 't4')]);
    // The snapshot may be older than events already seen (t4) or newer (t3 is requeued there too).
    progress.seed('r1', tasks('done', 'failed', 'queued', 'running'));
    expect(progress.bar()?.fraction).toBe(3 / 4);
  });

  it('ignores a snapshot for a run that is not going', () => {
    const progress = new RunProgress();
    progress.seed('gone', tasks('done'));
    expect(progress.bar()).toBeUndefined();
  });

  it('sums every active run and shows paused only when all of them are', () => {
    const progress = new RunProgress();
    progress.apply([started('a', 2), started('b', 2), done('a', 't1'), { ...base('a'), type: 'run.paused' }]);
    expect(progress.bar()).toEqual({ fraction: 0.25, paused: false });
    progress.apply([{ ...base('b'), type: 'run.paused' }]);
    expect(progress.bar()).toEqual({ fraction: 0.25, paused: true });
    progress.apply([{ ...base('a'), type: 'run.resumed' }]);
    expect(progress.bar()?.paused).toBe(false);
  });

  it('starts over when a finished run is started again (retry failed)', () => {
    const progress = new RunProgress();
    progress.apply([started('r1', 2), done('r1', 't1'), finished('r1', 'completed', { done: 1, failed: 1 })]);
    expect(progress.apply([started('r1', 2)]).started).toEqual(['r1']);
    expect(progress.bar()?.fraction).toBe(0);
  });
});

describe('runFinishedNotice', () => {
  it('names the outcome and the counts that matter', () => {
    expect(runFinishedNotice(finished('r', 'completed', { done: 3 }))).toEqual({ title: 'Pacer: run finished', body: '3 done.' });
    expect(runFinishedNotice(finished('r', 'completed', { done: 8, failed: 2, skipped: 1 }))).toEqual({
      title: 'Pacer: run finished with failures',
      body: '8 done, 2 failed, 1 skipped.',
    });
    expect(runFinishedNotice(finished('r', 'cancelled', { done: 2, cancelled: 5 }))).toEqual({ title: 'Pacer: run cancelled', body: '2 done, 5 cancelled.' });
  });

  it("gives a stopped run's reason", () => {
    const event = { ...finished('r', 'stopped', { done: 1, cancelled: 9 }), error: { code: 'auth', message: 'The API key was rejected (401).' } };
    expect(runFinishedNotice(event)).toEqual({ title: 'Pacer: run stopped', body: 'The API key was rejected (401). (1 done, 9 cancelled.)' });
  });
});
