import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunRepository } from '../../../electron/store/run-repository.ts';
import type { WireEvent } from '../../../shared/ipc/contract.ts';
import { AppHarness, SETTINGS, inputs } from './app-fixture.ts';

let h: AppHarness;
beforeEach(async () => {
  h = await AppHarness.open();
});
afterEach(async () => {
  await h.close();
});

/** Every article of these runs is too short for the gate, so each one ends "needs review". */
const GATED = { ...SETTINGS, gates: { maxRegenerations: 1, words: { min: 500 } } };

function wireEvents(h: AppHarness): WireEvent[] {
  return h.deliveries.flatMap((d) => (d.name === 'service.events' ? (d.payload as { events: WireEvent[] }).events : []));
}

describe('review calls', () => {
  it('lists the articles with their verdicts; accepts, rejects, edits and regenerates them; exports only the accepted', async () => {
    const { runId } = await h.call('run.create', { settings: GATED, inputs: inputs('Coffee', 'Tea', 'Cocoa'), outDir: null });
    await h.call('run.start', { runId });
    await h.runFinished(runId);

    // The snapshot and the live events say what the gates found; no reply's text crosses the wire.
    const snapshot = await h.call('run.open', { runId });
    expect(snapshot.tasks.map((t) => [t.status, t.regenerations, t.gates?.[0]?.passed])).toEqual([
      ['needs_review', 1, false],
      ['needs_review', 1, false],
      ['needs_review', 1, false],
    ]);
    const replies = wireEvents(h).filter((e) => e.type === 'task.needs_review' || e.type === 'attempt.rejected');
    expect(replies).toHaveLength(6);
    expect(replies.every((e) => !('text' in e))).toBe(true);

    const items = await h.call('review.list', { runId });
    expect(items.map((i) => [i.id, i.status, i.review, i.regenerations])).toEqual([
      ['0', 'needs_review', null, 1],
      ['1', 'needs_review', null, 1],
      ['2', 'needs_review', null, 1],
    ]);
    expect(items[0]?.gates?.[0]?.reason).toMatch(/^\d+ words, at least 500 required$/);

    expect(await h.call('review.set', { runId, taskIds: ['0', '1'], verdict: 'accepted' })).toEqual({ changed: 2 });
    expect(await h.call('review.set', { runId, taskIds: ['1'], verdict: 'rejected' })).toEqual({ changed: 1 });
    await h.call('task.editArticle', { runId, taskId: '0', text: `# Coffee\n\n${'Fresh beans make better coffee. '.repeat(100)}` });
    expect((await h.call('review.list', { runId }))[0]).toMatchObject({ review: 'accepted', edited: true, gates: [{ gate: 'words', passed: true }] });

    const folder = await h.call('folder.default', { runId });
    const report = await h.call('export.run', { runId, folder: folder.handle, formats: ['markdown', 'csv'], acceptedOnly: true });
    expect(report.markdown).toMatchObject({ written: 1, failed: [] });
    expect(readdirSync(report.dir).filter((name) => name.endsWith('.md'))).toEqual(['coffee.md']);

    // Regenerating sends the article again: a new round, with its regenerations.
    await h.call('review.regenerate', { runId, taskIds: ['2'] });
    await h.runFinished(runId, 2);
    const again = (await h.call('task.attempts', { runId, taskId: '2' })).map((a) => [a.status, a.regeneration]);
    expect(again).toEqual([
      ['rejected', 0],
      ['ok', 1],
      ['rejected', 0],
      ['ok', 1],
    ]);
  });

  it("reads each article and its attempts without recomputing the run's figures per article", async () => {
    const { runId } = await h.call('run.create', { settings: GATED, inputs: inputs('Coffee', 'Tea', 'Cocoa', 'Mate'), outDir: null });
    await h.call('run.start', { runId });
    await h.runFinished(runId);
    // The figures are a pass over every task and attempt of the run: once per open, not once per article.
    const figures = vi.spyOn(RunRepository.prototype, 'getRun');
    try {
      const items = await h.call('review.list', { runId });
      expect(items).toHaveLength(4);
      for (const item of items) {
        expect((await h.call('task.article', { runId, taskId: item.id })).text).toEqual(expect.any(String));
        expect(await h.call('task.attempts', { runId, taskId: item.id })).toHaveLength(2);
      }
      expect(await h.call('review.set', { runId, taskIds: items.map((i) => i.id), verdict: 'accepted' })).toEqual({ changed: 4 });
      expect(figures).not.toHaveBeenCalled();
    } finally {
      figures.mockRestore();
    }
    // A task of a deleted run still says the run is gone.
    await h.call('run.delete', { runId });
    expect(await h.error('task.article', { runId, taskId: '0' })).toMatchObject({ code: 'not_found', message: expect.stringContaining('does not exist') });
  });

  it('refuses bad requests in main, saying why, and changes nothing', async () => {
    const { runId } = await h.call('run.create', { settings: GATED, inputs: inputs('Coffee', 'Tea'), outDir: null });
    expect(await h.error('review.set', { runId, taskIds: ['0'], verdict: 'maybe' })).toMatchObject({ code: 'invalid_request' });
    expect(await h.error('review.set', { runId, taskIds: [], verdict: 'accepted' })).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('Select at least one article') });
    expect(await h.error('task.editArticle', { runId, taskId: '0', text: '   ' })).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('must not be empty') });
    // A task not written yet has no article to judge or edit.
    expect(await h.error('review.set', { runId, taskIds: ['0'], verdict: 'accepted' })).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('is queued') });
    expect(await h.error('task.editArticle', { runId, taskId: '0', text: '# Mine' })).toMatchObject({ code: 'task_busy' });
    expect(await h.error('review.regenerate', { runId: 'nope', taskIds: ['0'] })).toMatchObject({ code: 'not_found' });
    expect(await h.call('review.list', { runId })).toEqual([]);
  });
});
