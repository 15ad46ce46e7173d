import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../electron/store/store-error.ts';
import type { RunStore } from '../../../electron/store/open-database.ts';
import type { AttemptError } from '../../../shared/domain/errors.ts';
import { emptyCounts } from '../../../shared/domain/task.ts';
import type { TaskStatus } from '../../../shared/domain/task.ts';
import { eventEmitter, makeTasks, SETTINGS, steppingClock, useStoreFixture } from './store-fixtures.ts';

const fixture = useStoreFixture();
const USAGE = { promptTokens: 10, completionTokens: 90, totalTokens: 100 };
const BAD_REQUEST: AttemptError = { kind: 'bad_request', decision: 'fail_task', message: "Invalid 'max_tokens': 0", status: 400 };

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof StoreError ? error.code : `not a StoreError: ${String(error)}`;
  }
  return undefined;
}

/** Moves one task to `status` through the events the engine would emit. */
function drive(emit: ReturnType<typeof eventEmitter>, taskId: string, status: TaskStatus, at: number): void {
  if (status === 'queued') return void emit({ type: 'task.queued', taskId }, at);
  if (status === 'skipped') return void emit({ type: 'task.skipped', taskId }, at);
  if (status === 'cancelled') return void emit({ type: 'task.cancelled', taskId, reason: 'Cancelled by the user' }, at);
  emit({ type: 'task.waiting', taskId, reason: 'tokens', waitMs: 0 }, at);
  if (status === 'waiting') return;
  emit({ type: 'attempt.started', taskId, attempt: 1, estimatedTokens: 100 }, at);
  if (status === 'running') return;
  if (status === 'done') return void emit({ type: 'task.done', taskId, attempt: 1, text: `Text of ${taskId}`, usage: USAGE, latencyMs: 5 }, at);
  emit({ type: 'attempt.failed', taskId, attempt: 1, error: BAD_REQUEST, latencyMs: 5 }, at);
  if (status === 'failed') return void emit({ type: 'task.failed', taskId, error: BAD_REQUEST }, at);
  emit({ type: 'retry.scheduled', taskId, attempt: 2, delayMs: 1_000, source: 'backoff' }, at);
}

/** A run of `plan.length` tasks where task i ends in plan[i]. */
function runWith(store: RunStore, runId: string, plan: readonly TaskStatus[]): void {
  store.createRun({ id: runId, settings: SETTINGS, tasks: makeTasks(plan.length) });
  const emit = eventEmitter(store, runId);
  emit({ type: 'run.started', total: plan.length, settings: SETTINGS }, 1_000);
  plan.forEach((status, i) => drive(emit, `t${i + 1}`, status, 2_000 + i));
}

describe('createRun and listRuns', () => {
  it('stores 10,000 tasks and counts them per status in SQL, newest run first', () => {
    const store = fixture.open(fixture.tempDir(), { now: steppingClock() });
    // Every status present; the money events among them are fsynced one by one, so not too many.
    const moved = { done: 250, failed: 100, cancelled: 400, skipped: 300, waiting: 50, running: 20, retrying: 10 };
    const counts = { ...emptyCounts(), ...moved, queued: 10_000 - Object.values(moved).reduce((a, b) => a + b) };
    const plan = Object.entries(counts).flatMap(([status, n]) => Array<TaskStatus>(n).fill(status as TaskStatus));
    runWith(store, 'big', plan);
    store.createRun({ id: 'small', settings: { ...SETTINGS, model: 'gpt-other' }, tasks: makeTasks(2), outDir: '/tmp/out' });

    const [small, big, ...none] = store.listRuns();
    expect(none).toEqual([]);
    expect(small).toMatchObject({ id: 'small', status: 'created', model: 'gpt-other', total: 2, outDir: '/tmp/out' });
    expect(small?.counts).toEqual({ ...emptyCounts(), queued: 2 });
    expect(big).toMatchObject({ id: 'big', status: 'running', model: 'gpt-test', total: 10_000, finishedAt: null, error: null });
    expect(big?.counts).toEqual(counts);
    expect((small?.createdAt ?? 0) > (big?.createdAt ?? 0)).toBe(true);
    expect(store.getRun('big')?.counts).toEqual(big?.counts);
    expect(store.getTasks('big', { status: 'done' })).toHaveLength(250);
    expect(store.getTasks('big', { offset: 9_999 }).map((t) => t.index)).toEqual([9_999]);
  });

  it('refuses duplicate ids and indexes, and a run id taken before', () => {
    const store = fixture.open(fixture.tempDir());
    const [a, b] = makeTasks(2);
    if (!a || !b) throw new Error('fixture');
    expect(codeOf(() => store.createRun({ id: 'r', settings: SETTINGS, tasks: [a, { ...b, id: a.id }] }))).toBe('invalid_request');
    expect(codeOf(() => store.createRun({ id: 'r', settings: SETTINGS, tasks: [a, { ...b, index: a.index }] }))).toBe('invalid_request');
    expect(codeOf(() => store.createRun({ id: ' ', settings: SETTINGS, tasks: [a] }))).toBe('invalid_request');
    expect(store.listRuns()).toEqual([]);
    store.createRun({ id: 'r', settings: SETTINGS, tasks: [a, b] });
    expect(codeOf(() => store.createRun({ id: 'r', settings: SETTINGS, tasks: [] }))).toBe('already_exists');
  });

  it('never stores anything but RunSettings', () => {
    const store = fixture.open(fixture.tempDir());
    store.createRun({ id: 'r', settings: { ...SETTINGS, apiKey: 'sk-secret' } as typeof SETTINGS, tasks: makeTasks(1) });
    expect(store.getRun('r')?.settings).toEqual(SETTINGS);
    expect(JSON.stringify(store.getRun('r'))).not.toContain('sk-secret');
  });
});

describe('reading tasks', () => {
  it('pages and filters in input order', () => {
    const store = fixture.open(fixture.tempDir());
    runWith(store, 'r', ['done', 'queued', 'failed', 'queued', 'cancelled', 'queued']);
    expect(store.getTasks('r').map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6']);
    expect(store.getTasks('r', { offset: 2, limit: 2 }).map((t) => t.id)).toEqual(['t3', 't4']);
    expect(store.getTasks('r', { status: 'queued', offset: 1 }).map((t) => t.id)).toEqual(['t4', 't6']);
    expect(store.getTasks('r', { status: ['failed', 'done'] }).map((t) => t.id)).toEqual(['t1', 't3']);
    expect(store.getTask('r', 't1')).toMatchObject({ index: 0, topic: 'Topic 1', vars: { topic: 'Topic 1', audience: 'developers' } });
    expect(store.getTask('r', 'nope')).toBeUndefined();
    expect(store.getRun('nope')).toBeUndefined();
    expect(codeOf(() => store.getTasks('r', { status: 'finished' as TaskStatus }))).toBe('invalid_request');
    expect(codeOf(() => store.getTasks('r', { limit: -1 }))).toBe('invalid_request');
  });

  it('resumes only queued and cancelled tasks', () => {
    const store = fixture.open(fixture.tempDir());
    runWith(store, 'r', ['done', 'queued', 'failed', 'cancelled', 'skipped']);
    eventEmitter(store, 'r')({ type: 'run.finished', outcome: 'cancelled', counts: emptyCounts() }, 9_000);
    expect(store.tasksToResume('r').map((t) => t.id)).toEqual(['t2', 't4']);
    expect(codeOf(() => store.tasksToResume('nope'))).toBe('not_found');
  });
});

describe('changing a run that is not going', () => {
  it('resets failed tasks to queued, but not under a running engine', () => {
    const store = fixture.open(fixture.tempDir());
    runWith(store, 'r', ['failed', 'done', 'failed']);
    expect(codeOf(() => store.resetFailed('r'))).toBe('run_active');
    eventEmitter(store, 'r')({ type: 'run.finished', outcome: 'completed', counts: emptyCounts() }, 9_000);
    expect(store.resetFailed('r')).toBe(2);
    expect(store.getTask('r', 't1')).toMatchObject({ status: 'queued', error: null, attempts: 1 });
    expect(store.getTask('r', 't2')?.status).toBe('done');
  });

  it('edits prompts of tasks that are not waiting or in flight, also while the run goes on', () => {
    const store = fixture.open(fixture.tempDir());
    runWith(store, 'r', ['done', 'queued', 'running']);
    store.updateTaskPrompt('r', 't2', 'New prompt');
    expect(store.getTask('r', 't2')?.prompt).toBe('New prompt');
    store.updateTaskPrompt('r', 't1', 'Rewrite it');
    expect(store.getTask('r', 't1')?.prompt).toBe('Rewrite it');
    expect(codeOf(() => store.updateTaskPrompt('r', 't3', 'x'))).toBe('task_busy');
    expect(codeOf(() => store.updateTaskPrompt('r', 'nope', 'x'))).toBe('not_found');
  });

  it('a done task sent again forgets its export, so its new article gets a file of its own', () => {
    const store = fixture.open(fixture.tempDir());
    runWith(store, 'r', ['done', 'done']);
    store.markExported('r', 't1', '/out/a.md');
    store.markExported('r', 't2', '/out/b.md');
    eventEmitter(store, 'r')({ type: 'task.queued', taskId: 't1' }, 9_000);
    expect(store.getTask('r', 't1')).toMatchObject({ status: 'queued', exportedPath: null });
    expect(store.getTask('r', 't2')?.exportedPath).toBe('/out/b.md');
  });

  it('marks exports and deletes a run with its tasks and attempts', () => {
    const store = fixture.open(fixture.tempDir());
    runWith(store, 'r', ['done', 'queued']);
    store.markExported('r', 't1', '/out/topic-1.md');
    expect(store.getTask('r', 't1')?.exportedPath).toBe('/out/topic-1.md');
    expect(codeOf(() => store.markExported('r', 'nope', '/x'))).toBe('not_found');
    expect(codeOf(() => store.deleteRun('r'))).toBe('run_active');
    eventEmitter(store, 'r')({ type: 'run.finished', outcome: 'cancelled', counts: emptyCounts() }, 9_000);
    expect(store.deleteRun('r')).toBe(true);
    expect(store.deleteRun('r')).toBe(false);
    expect(store.getTasks('r')).toEqual([]);
    expect(store.getAttempts('r', 't1')).toEqual([]);
    expect(store.listRuns()).toEqual([]);
  });
});

describe("changing a run's settings", () => {
  it('keeps live controls while the run goes, and gates only once it has stopped; the rest stay, a bad value changes nothing', () => {
    const store = fixture.open(fixture.tempDir());
    runWith(store, 'r', ['running', 'queued']);
    store.updateLiveControls('r', { rpm: 60, workers: 3, tpm: undefined });
    expect(store.getRun('r')?.settings).toEqual({ ...SETTINGS, rpm: 60, workers: 3 });
    expect(codeOf(() => store.updateLiveControls('r', { rpm: -1 }))).toBe('invalid_request');
    expect(codeOf(() => store.updateSettings('r', { gates: null }))).toBe('run_active');
    expect(codeOf(() => store.updateLiveControls('nope', { rpm: 60 }))).toBe('not_found');

    store.markInterruptedRuns();
    store.updateSettings('r', { maxTokens: 700 });
    expect(codeOf(() => store.updateSettings('r', { maxTokens: 0 }))).toBe('invalid_request');
    expect(store.getRun('r')?.settings).toEqual({ ...SETTINGS, rpm: 60, workers: 3, maxTokens: 700 });
  });
});

describe('markInterruptedRuns', () => {
  it('interrupts runs left going, puts in-flight tasks back in the queue and leaves the rest', () => {
    const store = fixture.open(fixture.tempDir());
    runWith(store, 'going', ['done', 'running', 'waiting', 'retrying', 'failed', 'queued', 'cancelled']);
    runWith(store, 'paused', ['running']);
    eventEmitter(store, 'paused')({ type: 'run.paused' }, 3_000);
    runWith(store, 'finished', ['done']);
    eventEmitter(store, 'finished')({ type: 'run.finished', outcome: 'completed', counts: emptyCounts() }, 3_000);
    store.createRun({ id: 'draft', settings: SETTINGS, tasks: makeTasks(1) });

    expect(store.markInterruptedRuns().sort()).toEqual(['going', 'paused']);
    expect(store.getTasks('going').map((t) => t.status)).toEqual(['done', 'queued', 'queued', 'queued', 'failed', 'queued', 'cancelled']);
    expect(store.getAttempts('going', 't2')[0]?.status).toBe('interrupted');
    expect(store.getAttempts('going', 't1')[0]?.status).toBe('ok');
    expect(store.getRun('paused')?.status).toBe('interrupted');
    expect(store.getRun('finished')?.status).toBe('completed');
    expect(store.getRun('draft')?.status).toBe('created');
    expect(store.tasksToResume('going').map((t) => t.id)).toEqual(['t2', 't3', 't4', 't6', 't7']);
    expect(store.markInterruptedRuns()).toEqual([]);
  });
});
