import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppHarness, SETTINGS, inputs } from './app-fixture.ts';

let h: AppHarness;
beforeEach(async () => {
  h = await AppHarness.open();
});
afterEach(async () => {
  await h.close();
});

describe('task calls', () => {
  it('edits a draft’s prompt without starting the run; the edited prompt is what gets sent', async () => {
    const { runId } = await h.call('run.create', { settings: SETTINGS, inputs: inputs('Coffee', 'Tea'), outDir: null });
    await h.call('task.editPrompt', { runId, taskId: '1', prompt: 'A haiku about tea' });
    expect((await h.call('runs.list', {}))[0]?.status).toBe('created');
    expect(await h.error('task.retry', { runId, taskId: '1' })).toMatchObject({ code: 'task_busy', message: expect.stringContaining('start the run') });
    expect(await h.error('task.skip', { runId, taskId: '1' })).toMatchObject({ code: 'run_active', message: expect.stringContaining('not going') });
    await h.call('run.start', { runId });
    await h.runFinished(runId);
    expect(await h.call('task.article', { runId, taskId: '1' })).toMatchObject({ prompt: 'A haiku about tea', topic: 'Tea' });
  });

  it('re-runs a done task of a finished run on retry or edit, and the run finishes again', async () => {
    const { runId } = await h.call('run.create', { settings: SETTINGS, inputs: inputs('Coffee', 'Tea'), outDir: null });
    await h.call('run.start', { runId });
    await h.runFinished(runId);

    await h.call('task.retry', { runId, taskId: '0' });
    await h.runFinished(runId, 2);
    await h.call('task.editPrompt', { runId, taskId: '1', prompt: 'Two lines on tea' });
    await h.runFinished(runId, 3);

    const snapshot = await h.call('run.open', { runId });
    expect(snapshot.tasks.map((t) => [t.status, t.attempts])).toEqual([
      ['done', 2],
      ['done', 2],
    ]);
    expect((await h.call('task.attempts', { runId, taskId: '1' })).map((a) => a.status)).toEqual(['ok', 'ok']);
    expect(await h.error('task.retry', { runId, taskId: '7' })).toMatchObject({ code: 'not_found' });
  });

  it('skips a task of a going run', async () => {
    const { runId } = await h.call('run.create', { settings: { ...SETTINGS, workers: 1 }, inputs: inputs('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'), outDir: null });
    await h.call('run.start', { runId });
    await h.call('task.skip', { runId, taskId: '7' });
    await h.runFinished(runId);
    const snapshot = await h.call('run.open', { runId });
    expect(snapshot.tasks.at(-1)?.status).toBe('skipped');
    expect(snapshot.tasks.slice(0, 7).every((t) => t.status === 'done')).toBe(true);
  });

  it('reads a finished run back from the store after a restart, with usage and errors', async () => {
    const { runId } = await h.call('run.create', { settings: SETTINGS, inputs: inputs('A', 'B'), outDir: null });
    await h.call('run.start', { runId });
    await h.runFinished(runId);
    await h.app.close();
    const again = await AppHarness.open({}, h.dir);
    h = again;
    const snapshot = await again.call('run.open', { runId });
    expect(snapshot).toMatchObject({ phase: 'finished', seq: 0, detail: { id: runId, status: 'completed' } });
    expect(snapshot.tasks.map((t) => [t.id, t.status, t.attempts])).toEqual([
      ['0', 'done', 1],
      ['1', 'done', 1],
    ]);
    expect(snapshot.tasks.every((t) => (t.usage?.totalTokens ?? 0) > 0 && t.finishedAt !== undefined)).toBe(true);
  });
});
