import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportError } from '../../../electron/export/export-error.ts';
import { RunExporter } from '../../../electron/export/run-exporter.ts';
import { nodeWriteFs } from '../../../electron/export/write-new-file.ts';
import type { WriteFs } from '../../../electron/export/write-new-file.ts';
import type { RunStore } from '../../../electron/store/open-database.ts';
import { StoreError } from '../../../electron/store/store-error.ts';
import { eventEmitter, SETTINGS, useStoreFixture } from '../store/store-fixtures.ts';
import { diskFullFor, dyingFs } from './export-fs-fixtures.ts';

const fixture = useStoreFixture();
const USAGE = { promptTokens: 10, completionTokens: 90, totalTokens: 100 };
const DONE_AT = Date.UTC(2026, 10, 29, 10, 0, 0);

/**
 * Stores run `runId` with one task per topic (ids t1, t2, …); each becomes done with the text
 * "Article N." except the indexes listed in `failing`, which fail.
 */
function storeRun(store: RunStore, runId: string, topics: readonly string[], failing: readonly number[] = []): void {
  const tasks = topics.map((topic, index) => ({ id: `t${index + 1}`, index, topic, vars: { topic, audience: 'developers' }, prompt: `About ${topic}.` }));
  store.createRun({ id: runId, settings: SETTINGS, tasks, outDir: '/ignored/by/the/exporter' });
  const emit = eventEmitter(store, runId);
  emit({ type: 'run.started', total: tasks.length, settings: SETTINGS }, DONE_AT - 60_000);
  for (const task of tasks) {
    const at = DONE_AT + task.index * 1_000;
    emit({ type: 'task.waiting', taskId: task.id, reason: 'requests', waitMs: 0 }, at);
    emit({ type: 'attempt.started', taskId: task.id, attempt: 1, estimatedTokens: 100 }, at);
    if (failing.includes(task.index)) {
      const error = { kind: 'bad_request', decision: 'fail_task', message: 'Bad request', status: 400 } as const;
      emit({ type: 'attempt.failed', taskId: task.id, attempt: 1, error, latencyMs: 5 }, at);
      emit({ type: 'task.failed', taskId: task.id, error }, at);
    } else {
      emit({ type: 'task.done', taskId: task.id, attempt: 1, text: `Article ${task.index + 1}.`, usage: USAGE, latencyMs: 5 }, at);
    }
  }
}

function setup(topics: readonly string[], failing: readonly number[] = []) {
  const store = fixture.open(fixture.tempDir());
  storeRun(store, 'r1', topics, failing);
  const dir = join(fixture.tempDir(), 'articles');
  return { store, dir };
}

/** The Markdown files in `dir` (hidden temporary files left out), sorted. */
async function articles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
}

function recorded(store: RunStore, taskId: string): string | null | undefined {
  return store.getTask('r1', taskId)?.exportedPath;
}

describe('RunExporter', () => {
  it('writes one file per done task with front matter from the store, and records each path', async () => {
    const { store, dir } = setup(['How to Brew Coffee?', 'Tea', 'Broken'], [2]);
    const exporter = await RunExporter.open(store, 'r1', dir);
    expect(await exporter.exportAll()).toEqual({ written: 2, alreadyExported: 0, failed: [], dir });
    expect(await articles(dir)).toEqual(['how-to-brew-coffee.md', 'tea.md']);
    expect(recorded(store, 't1')).toBe(join(dir, 'how-to-brew-coffee.md'));
    expect(recorded(store, 't2')).toBe(join(dir, 'tea.md'));
    expect(recorded(store, 't3')).toBeNull();
    expect(await readFile(join(dir, 'how-to-brew-coffee.md'), 'utf8')).toBe(
      [
        '---',
        'topic: "How to Brew Coffee?"',
        'model: "gpt-test"',
        'prompt_tokens: 10',
        'completion_tokens: 90',
        'total_tokens: 100',
        'attempts: 1',
        `created: "${new Date(DONE_AT).toISOString()}"`,
        'vars: {"audience": "developers"}',
        '---',
        '',
        'Article 1.',
        '',
      ].join('\n'),
    );
  });

  it('writes nothing the second time, also from a new exporter', async () => {
    const { store, dir } = setup(['Coffee', 'Coffee', 'Tea']);
    await (await RunExporter.open(store, 'r1', dir)).exportAll();
    const again = await RunExporter.open(store, 'r1', dir);
    expect(await again.exportAll()).toEqual({ written: 0, alreadyExported: 3, failed: [], dir });
    expect(await again.exportTask('t2')).toBe('already-exported');
    expect(await articles(dir)).toEqual(['coffee-2.md', 'coffee.md', 'tea.md']);
  });

  it('after a crash between recording the name and writing, writes exactly the recorded file', async () => {
    const { store, dir } = setup(['Coffee', 'Coffee', 'Tea']);
    await mkdir(dir);
    // t2 got its name recorded, then the process died; t1 was never planned.
    store.markExported('r1', 't2', join(dir, 'coffee.md'));
    const exporter = await RunExporter.open(store, 'r1', dir);
    expect(await exporter.exportAll()).toMatchObject({ written: 3, alreadyExported: 0 });
    // The recorded name stays t2's: t1, planned now, gets the next one.
    expect(recorded(store, 't2')).toBe(join(dir, 'coffee.md'));
    expect(await readFile(join(dir, 'coffee.md'), 'utf8')).toContain('Article 2.');
    expect(recorded(store, 't1')).toBe(join(dir, 'coffee-2.md'));
    expect(await articles(dir)).toEqual(['coffee-2.md', 'coffee.md', 'tea.md']);
  });

  it('after a crash right after the write (temporary file still there), writes no second file', async () => {
    const { store, dir } = setup(['Coffee']);
    expect(await (await RunExporter.open(store, 'r1', dir)).exportTask('t1')).toBe('written');
    const leftover = join(dir, '.pacer-0123456789abcdef.tmp');
    await writeFile(leftover, 'the same article, before the link');
    const old = new Date(Date.now() - 5 * 60_000);
    await utimes(leftover, old, old);

    const exporter = await RunExporter.open(store, 'r1', dir);
    expect(await exporter.exportAll()).toMatchObject({ written: 0, alreadyExported: 1 });
    expect(await readdir(dir)).toEqual(['coffee.md']);
  });

  it('leaves exactly one file per done task, whatever file-system call a crash interrupts', async () => {
    const topics = ['Coffee', 'Coffee', 'Tea'];
    // Count the calls of an export that does not die, then die at each of them, before and after it runs.
    const probe = setup(topics);
    const counting = dyingFs(Number.MAX_SAFE_INTEGER, false);
    await (await RunExporter.open(probe.store, 'r1', probe.dir, { fs: counting.fs })).exportAll();
    const total = counting.calls();
    expect(total).toBeGreaterThanOrEqual(topics.length * 5);

    for (let killAt = 0; killAt < total; killAt++) {
      for (const after of [false, true]) {
        const { store, dir } = setup(topics);
        await mkdir(dir);
        await writeFile(join(dir, 'tea.md'), 'my own notes');
        const dying = dyingFs(killAt, after);
        void (await RunExporter.open(store, 'r1', dir, { fs: dying.fs })).exportAll();
        await dying.dead;
        await dying.bury();

        const summary = await (await RunExporter.open(store, 'r1', dir)).exportAll();
        const where = `crash at call ${killAt} (${after ? 'after' : 'before'} it ran)`;
        expect(summary.failed, where).toEqual([]);
        expect(await articles(dir), where).toEqual(['coffee-2.md', 'coffee.md', 'tea-2.md', 'tea.md']);
        expect(await readFile(join(dir, 'tea.md'), 'utf8'), where).toBe('my own notes');
        for (const [index, taskId] of ['t1', 't2', 't3'].entries()) {
          const path = recorded(store, taskId);
          expect(path, where).not.toBeNull();
          expect(await readFile(path!, 'utf8'), where).toContain(`Article ${index + 1}.`);
        }
        store.close(); // one store per simulated process, not dozens open at once
      }
    }
  });

  it('never overwrites a file the user already has under the same name', async () => {
    const { store, dir } = setup(['Coffee']);
    await mkdir(dir);
    await writeFile(join(dir, 'Coffee.md'), 'my own notes');
    const exporter = await RunExporter.open(store, 'r1', dir);
    expect(await exporter.exportAll()).toMatchObject({ written: 1 });
    expect(await readFile(join(dir, 'Coffee.md'), 'utf8')).toBe('my own notes');
    expect(recorded(store, 't1')).toBe(join(dir, 'coffee-2.md'));
  });

  it('re-plans and re-records when another program takes the recorded name while the article is being written', async () => {
    const { store, dir } = setup(['Coffee']);
    await mkdir(dir);
    store.markExported('r1', 't1', join(dir, 'coffee.md'));
    const fs: WriteFs = {
      ...nodeWriteFs,
      link: async (from, to) => {
        if (to.endsWith('coffee.md')) await writeFile(to, 'appeared meanwhile');
        return nodeWriteFs.link(from, to);
      },
    };
    const exporter = await RunExporter.open(store, 'r1', dir, { fs });
    expect(await exporter.exportTask('t1')).toBe('written');
    expect(await readFile(join(dir, 'coffee.md'), 'utf8')).toBe('appeared meanwhile');
    expect(recorded(store, 't1')).toBe(join(dir, 'coffee-2.md'));
    expect(await readFile(join(dir, 'coffee-2.md'), 'utf8')).toContain('Article 1.');
  });

  it('collects a full disk as disk_full, exports the others, and finishes the failed one later', async () => {
    const { store, dir } = setup(['Coffee', 'Tea', 'Water']);
    const exporter = await RunExporter.open(store, 'r1', dir, { fs: diskFullFor(/Article 2\./) });
    const summary = await exporter.exportAll();
    expect(summary).toMatchObject({ written: 2, alreadyExported: 0 });
    expect(summary.failed).toEqual([{ taskId: 't2', topic: 'Tea', code: 'disk_full', message: expect.stringContaining('free space and export again') }]);
    expect(await readdir(dir)).toEqual(['coffee.md', 'water.md']);
    // Planned and recorded before the write; the next export writes it there.
    expect(recorded(store, 't2')).toBe(join(dir, 'tea.md'));
    expect(await (await RunExporter.open(store, 'r1', dir)).exportAll()).toMatchObject({ written: 1, alreadyExported: 2, failed: [] });
    expect(await articles(dir)).toEqual(['coffee.md', 'tea.md', 'water.md']);
  });

  it('writes copies to another folder, leaves the recorded paths alone, and does not copy twice', async () => {
    const { store, dir } = setup(['Coffee', 'Tea']);
    await (await RunExporter.open(store, 'r1', dir)).exportAll();
    const other = join(fixture.tempDir(), 'elsewhere');
    await mkdir(other);
    await writeFile(join(other, 'tea.md'), 'someone else’s tea');

    const copies = await RunExporter.open(store, 'r1', other);
    expect(await copies.exportAll()).toEqual({ written: 2, alreadyExported: 0, failed: [], dir: other });
    expect(await articles(other)).toEqual(['coffee.md', 'tea-2.md', 'tea.md']);
    expect(await readFile(join(other, 'tea-2.md'), 'utf8')).toBe(await readFile(join(dir, 'tea.md'), 'utf8'));
    expect(recorded(store, 't1')).toBe(join(dir, 'coffee.md'));
    expect(recorded(store, 't2')).toBe(join(dir, 'tea.md'));

    // Editing a done task's prompt does not change its article, so its copy is still recognised.
    store.updateTaskPrompt('r1', 't1', 'Write about coffee, again.');
    expect(await (await RunExporter.open(store, 'r1', other)).exportAll()).toMatchObject({ written: 0, alreadyExported: 2 });
    expect(await articles(other)).toEqual(['coffee.md', 'tea-2.md', 'tea.md']);
    expect(await articles(dir)).toEqual(['coffee.md', 'tea.md']);
  });

  it('treats the recorded folder reached by a relative path or through a symlink as the same folder', async () => {
    const { store, dir } = setup(['Coffee']);
    await (await RunExporter.open(store, 'r1', dir)).exportAll();
    const viaRelative = await RunExporter.open(store, 'r1', relative(process.cwd(), dir));
    expect(viaRelative.dir).toBe(dir);
    expect(await viaRelative.exportAll()).toMatchObject({ written: 0, alreadyExported: 1 });
    const link = join(fixture.tempDir(), 'link');
    await symlink(dir, link);
    expect(await (await RunExporter.open(store, 'r1', link)).exportAll()).toMatchObject({ written: 0, alreadyExported: 1 });
    expect(await readdir(dir)).toEqual(['coffee.md']);
  });

  it('removes temporary files a crash left behind, but not ones being written right now', async () => {
    const { store, dir } = setup(['Coffee']);
    await mkdir(dir);
    const stale = join(dir, '.pacer-aaaaaaaaaaaaaaaa.tmp');
    const fresh = join(dir, '.pacer-bbbbbbbbbbbbbbbb.tmp');
    await writeFile(stale, 'left by a crash');
    await writeFile(fresh, 'being written by another export');
    const old = new Date(Date.now() - 2 * 60_000);
    await utimes(stale, old, old);
    await RunExporter.open(store, 'r1', dir);
    expect(await readdir(dir)).toEqual(['.pacer-bbbbbbbbbbbbbbbb.tmp']);
  });

  it('removes at once a temporary file whose writer process is gone, and keeps a live writer’s', async () => {
    const { store, dir } = setup(['Coffee']);
    await mkdir(dir);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const crashed = join(dir, `.pacer-${gone}-aaaaaaaaaaaaaaaa.tmp`);
    const live = join(dir, `.pacer-${process.pid}-bbbbbbbbbbbbbbbb.tmp`);
    await writeFile(crashed, 'left by a SIGKILL a second ago');
    await writeFile(live, 'being written by this process');
    await RunExporter.open(store, 'r1', dir);
    expect(await readdir(dir)).toEqual([`.pacer-${process.pid}-bbbbbbbbbbbbbbbb.tmp`]);
  });

  it('exports tasks as they finish, same-topic ones in call order, and one file when asked twice at once', async () => {
    const { store, dir } = setup(['Coffee', 'Coffee']);
    const exporter = await RunExporter.open(store, 'r1', dir);
    const [first, again, second] = await Promise.all([exporter.exportTask('t1'), exporter.exportTask('t1'), exporter.exportTask('t2')]);
    expect([first, again, second]).toEqual(['written', 'written', 'written']);
    expect(recorded(store, 't1')).toBe(join(dir, 'coffee.md'));
    expect(recorded(store, 't2')).toBe(join(dir, 'coffee-2.md'));
    expect(await exporter.exportTask('t1')).toBe('already-exported');
    expect(await readdir(dir)).toEqual(['coffee-2.md', 'coffee.md']);
  });

  it('refuses an unknown run, an unknown task and a task that is not done, saying why', async () => {
    const { store, dir } = setup(['Coffee', 'Broken'], [1]);
    const unknownRun = await RunExporter.open(store, 'nope', dir).catch((error: unknown) => error);
    expect(unknownRun).toBeInstanceOf(StoreError);
    expect(unknownRun).toMatchObject({ code: 'not_found', message: expect.stringContaining('`pacer runs`') });
    const exporter = await RunExporter.open(store, 'r1', dir);
    await expect(exporter.exportTask('t9')).rejects.toMatchObject({ code: 'not_found' });
    await expect(exporter.exportTask('t2')).rejects.toThrow(/"Broken".* is failed; only done tasks have an article to export/);
  });

  it('reports a folder it cannot use as an ExportError from open', async () => {
    const { store } = setup(['Coffee']);
    const file = join(fixture.tempDir(), 'a-file');
    await writeFile(file, '');
    const error = await RunExporter.open(store, 'r1', join(file, 'out')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExportError);
    expect(error).toMatchObject({ code: 'not_writable' });
  });
});
