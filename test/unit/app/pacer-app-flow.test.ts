import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../../shared/ipc/contract.ts';
import { AppHarness, SETTINGS, inputs } from './app-fixture.ts';

let h: AppHarness;
beforeEach(async () => {
  h = await AppHarness.open();
});
afterEach(async () => {
  await h.close();
});

describe('PacerApp: a run from start to export, through dispatch only', () => {
  it('creates, starts, finishes, lists, opens, reads and exports a run', async () => {
    const topics = ['Coffee', 'Tea', 'Cocoa', '=HYPERLINK("http://x")'];
    const { runId } = await h.call('run.create', { settings: SETTINGS, inputs: inputs(...topics), outDir: null });
    expect(h.deliveries.some((d) => d.name === 'runs.changed')).toBe(true);

    expect(await h.call('run.start', { runId })).toBeNull();
    const finished = await h.runFinished(runId);
    expect(finished).toMatchObject({ type: 'run.finished', outcome: 'completed' });

    const [summary] = await h.call('runs.list', {});
    expect(summary).toMatchObject({ id: runId, name: 'Coffee', status: 'completed', total: 4, outDir: null, rateLimited: 0 });
    expect(summary!.costUsd).toBeGreaterThan(0);
    expect(summary!.endedAt! - summary!.startedAt!).toBeGreaterThanOrEqual(0);
    await h.call('run.rename', { runId, name: 'Hot drinks' });
    expect((await h.call('runs.list', {}))[0]?.name).toBe('Hot drinks');
    expect(await h.error('run.rename', { runId, name: '  ' })).toMatchObject({ code: 'invalid_request' });
    expect(summary?.counts.done).toBe(4);

    const snapshot = await h.call('run.open', { runId });
    expect(snapshot.phase).toBe('finished');
    expect(snapshot.activity.buckets.reduce((sum, bucket) => sum + bucket.requests, 0)).toBe(4);
    expect(snapshot.tasks.map((t) => [t.index, t.topic, t.status])).toEqual(topics.map((topic, i) => [i, topic, 'done']));
    expect(snapshot.tasks.every((t) => t.usage && t.usage.completionTokens > 0)).toBe(true);
    expect(snapshot.seq).toBe(finished.seq);

    const article = await h.call('task.article', { runId, taskId: '1' });
    expect(article).toMatchObject({ topic: 'Tea', prompt: 'Write about Tea', exportedPath: null });
    expect(article.text?.length).toBeGreaterThan(0);
    const attempts = await h.call('task.attempts', { runId, taskId: '1' });
    expect(attempts.map((a) => a.status)).toEqual(['ok']);

    const out = join(h.dir, 'export');
    const folder = await h.folder(out);
    const first = await h.call('export.run', { runId, folder, formats: ['markdown', 'csv', 'jsonl'] });
    expect(first.markdown).toEqual({ written: 4, alreadyExported: 0, failed: [] });
    expect(first.csv).toEqual({ path: join(out, `pacer-${runId.slice(0, 8)}-results.csv`), unchanged: false });
    const csv = readFileSync(first.csv!.path, 'utf8');
    expect(csv.startsWith('\uFEFFindex,topic,status,prompt_tokens,completion_tokens,total_tokens,cost_usd,attempts,error,exported_path,text\r\n')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`); // a formula in a topic stays text in a spreadsheet
    const lines = readFileSync(first.jsonl!.path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.index, l.status, typeof l.text])).toEqual(topics.map((_, i) => [i, 'done', 'string']));
    expect(lines[0].exportedPath).toMatch(/coffee\.md$/);

    // Again to the same folder: nothing new, not even a -2 copy of the same table.
    const second = await h.call('export.run', { runId, folder, formats: ['markdown', 'csv', 'jsonl'] });
    expect(second.markdown).toEqual({ written: 0, alreadyExported: 4, failed: [] });
    expect(second.csv).toEqual({ path: first.csv!.path, unchanged: true });
    expect(second.jsonl).toEqual({ path: first.jsonl!.path, unchanged: true });
    expect(readdirSync(out).filter((name) => !name.endsWith('.md')).sort()).toEqual([basename(first.csv!.path), basename(first.jsonl!.path)].sort());
    expect(readdirSync(out).filter((name) => name.endsWith('.md'))).toHaveLength(4);
  });

  it('sends events in batches, without the articles’ text, and runs.changed after a run starts and finishes', async () => {
    const { runId } = await h.call('run.create', { settings: SETTINGS, inputs: inputs(...Array.from({ length: 30 }, (_, i) => `Topic ${i}`)), outDir: null });
    const before = h.deliveries.length;
    const startedAt = performance.now();
    await h.call('run.start', { runId });
    await h.runFinished(runId);
    const elapsedMs = performance.now() - startedAt;
    const batches = h.deliveries.slice(before).filter((d) => d.name === 'service.events').map((d) => (d.payload as EventPayloads['service.events']).events);
    const events = batches.flat();
    expect(events.filter((e) => e.type === 'task.done')).toHaveLength(30);
    // At most one delivery per 100 ms (none of these batches reaches the 1,000 that flushes early).
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / 100) + 1);
    expect(batches.length).toBeLessThan(events.length);
    expect(events.every((e) => !('text' in e))).toBe(true);
    const seqs = events.flatMap((e) => ('seq' in e ? [e.seq] : []));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // A list reload follows the batch holding run.started, and the one holding run.finished.
    const after = h.deliveries.slice(before);
    const finishedBatch = after.findIndex((d) => d.name === 'service.events' && (d.payload as EventPayloads['service.events']).events.some((e) => e.type === 'run.finished'));
    expect(after[finishedBatch + 1]?.name).toBe('runs.changed');
  });

  it('answers run.start once the run has started, refuses a second start while it goes, and pauses, adjusts and resumes it', async () => {
    const { runId } = await h.call('run.create', { settings: { ...SETTINGS, workers: 1 }, inputs: inputs('A', 'B', 'C', 'D', 'E', 'F'), outDir: null });
    await h.call('run.start', { runId });
    expect(await h.error('run.start', { runId })).toMatchObject({ code: 'run_active' });
    expect(await h.error('run.delete', { runId })).toMatchObject({ code: 'run_active' });
    await h.call('run.pause', { runId });
    await h.waitForEvent((e) => e.type === 'run.paused', 'run.paused');
    expect((await h.call('run.open', { runId })).phase).toBe('paused');
    await h.call('run.setControls', { runId, controls: { workers: 3 } });
    await h.waitForEvent((e) => e.type === 'run.limits' && e.source === 'user' && e.workers === 3, 'the new pool size');
    // Kept with the run: a window opened now shows the fixed size, and a resume starts from it.
    expect((await h.call('run.open', { runId })).detail.settings).toMatchObject({ workers: 3, rpm: SETTINGS.rpm });
    await h.call('run.resume', { runId });
    expect(await h.runFinished(runId)).toMatchObject({ outcome: 'completed', counts: { done: 6 } });
    expect(await h.error('run.pause', { runId })).toMatchObject({ code: 'run_active', message: expect.stringContaining('not going') });
    expect(await h.error('run.start', { runId: 'no-such-run' })).toMatchObject({ code: 'not_found', message: expect.stringContaining('no-such-run') });
  });

  it('opens a going run with what each task was billed in every start, not only the engine’s own', async () => {
    const { runId } = await h.call('run.create', { settings: { ...SETTINGS, workers: 1 }, inputs: inputs('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'), outDir: null });
    const doneOf = () => h.events().filter((e) => e.type === 'task.done' && e.runId === runId).length;
    await h.call('run.start', { runId });
    await h.waitFor(() => (doneOf() >= 2 ? true : undefined), 'two tasks done');
    await h.call('run.cancel', { runId });
    await h.runFinished(runId);
    const firstStart = doneOf();
    await h.call('run.start', { runId });
    await h.waitFor(() => (doneOf() > firstStart ? true : undefined), 'a task done in the second start');
    await h.call('run.pause', { runId });
    await h.waitForEvent((e) => e.type === 'run.paused' && e.runId === runId, 'run.paused');

    const snapshot = await h.call('run.open', { runId });
    expect(snapshot.phase, 'read from the live engine').toBe('paused');
    let billed = 0;
    for (const task of snapshot.tasks) {
      const attempts = await h.call('task.attempts', { runId, taskId: task.id });
      const stored = attempts.filter((a) => a.costUsd !== null);
      if (stored.length === 0) expect(task.costUsd).toBeUndefined();
      else expect(task.costUsd).toBeCloseTo(stored.reduce((sum, a) => sum + a.costUsd!, 0), 12);
      billed += task.costUsd ?? 0;
    }
    expect(snapshot.tasks.filter((t) => t.status === 'done' && t.costUsd! > 0).length).toBeGreaterThan(firstStart);
    expect(billed).toBeGreaterThan(0);
  });

  it('writes articles as they finish when the run has an output folder, and duplicates and deletes runs', async () => {
    const out = join(h.dir, 'auto');
    const { runId } = await h.call('run.create', { settings: SETTINGS, inputs: inputs('Coffee', 'Tea'), outDir: await h.folder(out) });
    await h.call('run.start', { runId });
    await h.waitFor(() => (h.events().filter((e) => e.type === 'export.written').length === 2 ? true : undefined), 'two export.written');
    expect(readdirSync(out).sort()).toEqual(['coffee.md', 'tea.md']);

    const { runId: copy } = await h.call('run.duplicate', { runId });
    expect((await h.call('run.open', { runId: copy })).tasks.map((t) => t.status)).toEqual(['queued', 'queued']);
    expect(await h.call('run.delete', { runId })).toBeNull();
    expect((await h.call('runs.list', {})).map((r) => r.id)).toEqual([copy]);
    expect(await h.error('run.delete', { runId })).toMatchObject({ code: 'not_found' });
  });
});
