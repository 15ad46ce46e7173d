import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCommand } from '../../../electron/cli/export-command.ts';
import { main } from '../../../electron/cli/main.ts';
import type { RunStore } from '../../../electron/store/open-database.ts';
import { DATABASE_FILE_NAME } from '../../../electron/store/open-database.ts';
import { eventEmitter, makeTasks, SETTINGS, useStoreFixture } from '../store/store-fixtures.ts';
import { exitCodeOf, fakeIo } from './cli-fixture.ts';

const fixture = useStoreFixture();
const RUN_ID = '3f2a9c1e-0b7d-4c55-9a61-2d4f8e0c1a11';
const USAGE = { promptTokens: 10, completionTokens: 90, totalTokens: 100 };

/** A stored run whose tasks (topics "Topic 1", "Topic 2", …) are all done; the store is closed again. */
function storeDoneRun(dataDir: string, runId = RUN_ID, count = 3): void {
  const store: RunStore = fixture.open(dataDir);
  store.createRun({ id: runId, settings: SETTINGS, tasks: makeTasks(count) });
  const emit = eventEmitter(store, runId);
  emit({ type: 'run.started', total: count, settings: SETTINGS }, 1_000);
  for (let n = 1; n <= count; n++) {
    const taskId = `t${n}`;
    emit({ type: 'task.waiting', taskId, reason: 'requests', waitMs: 0 }, 2_000);
    emit({ type: 'attempt.started', taskId, attempt: 1, estimatedTokens: 100 }, 2_000);
    emit({ type: 'task.done', taskId, attempt: 1, text: `Article ${n}.`, usage: USAGE, latencyMs: 5 }, 3_000);
  }
  store.close();
}

function exportRun(argv: string[]) {
  const cli = fakeIo();
  return exitCodeOf((io) => exportCommand(argv, io), cli.io).then((code) => ({ code, stdout: cli.stdout(), stderr: cli.stderr() }));
}

describe('pacer export', () => {
  it('writes every done article, then nothing the second time', async () => {
    const dataDir = fixture.tempDir();
    storeDoneRun(dataDir);
    const out = join(fixture.tempDir(), 'articles');
    expect(await exportRun([RUN_ID, '--out', out, '--data', dataDir])).toEqual({ code: 0, stdout: `Wrote 3 articles to ${out} (0 already there).\n`, stderr: '' });
    expect(await readdir(out)).toEqual(['topic-1.md', 'topic-2.md', 'topic-3.md']);
    expect(await exportRun([RUN_ID, '--out', out, '--data', dataDir])).toMatchObject({ code: 0, stdout: `Wrote 0 articles to ${out} (3 already there).\n` });
  });

  it('accepts a unique prefix of the run id', async () => {
    const dataDir = fixture.tempDir();
    storeDoneRun(dataDir, RUN_ID, 1);
    storeDoneRun(dataDir, 'b81c04d2-9f3e-4a17-b6d5-0c8e2a7f9d33', 2);
    const out = join(fixture.tempDir(), 'articles');
    expect(await exportRun(['3f2a9c', '--out', out, '--data', dataDir])).toMatchObject({ code: 0, stdout: `Wrote 1 article to ${out} (0 already there).\n` });
  });

  it('exits 1 and lists the articles that could not be written, after writing the others', async () => {
    const dataDir = fixture.tempDir();
    storeDoneRun(dataDir);
    const out = join(fixture.tempDir(), 'articles');
    await mkdir(out);
    // t2's recorded file is a symlink pointing at itself: the disk cannot tell whether it exists.
    await symlink('loop.md', join(out, 'loop.md'));
    const store = fixture.open(dataDir);
    store.markExported(RUN_ID, 't2', join(out, 'loop.md'));
    store.close();
    const result = await exportRun([RUN_ID, '--out', out, '--data', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`^Wrote 2 articles to ${out} \\(0 already there\\); 1 could not be written:\n  "Topic 2" \\(task t2, write_failed\\): Could not write .*loop\\.md: ELOOP.* Try exporting again — the results are kept\\.\n$`),
    );
    expect((await readdir(out)).sort()).toEqual(['loop.md', 'topic-1.md', 'topic-3.md']);
  });

  it('exits 2 naming how to find ids when the run id is unknown or ambiguous', async () => {
    const dataDir = fixture.tempDir();
    storeDoneRun(dataDir, RUN_ID, 1);
    storeDoneRun(dataDir, '3f2a9c77-5e21-4d0a-8b3c-7a9e6f1d2b22', 1);
    const out = join(fixture.tempDir(), 'articles');
    const unknown = await exportRun(['c0ffee00', '--out', out, '--data', dataDir]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('No run has the id "c0ffee00" or an id starting with it. List the runs and their ids with `pacer runs`');
    const ambiguous = await exportRun(['3f2a9c', '--out', out, '--data', dataDir]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(`  ${RUN_ID}  `);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 without creating a store when there is none', async () => {
    const dataDir = join(fixture.tempDir(), 'data');
    const result = await exportRun([RUN_ID, '--out', join(fixture.tempDir(), 'articles'), '--data', dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`pacer: No runs yet in ${dataDir}, so there is no run "${RUN_ID}" to export. Pass --data DIR if your runs are stored elsewhere.\n`);
    expect(existsSync(join(dataDir, DATABASE_FILE_NAME))).toBe(false);
  });

  it('exits 2 with the store’s message when the store is locked', async () => {
    const dataDir = fixture.tempDir();
    storeDoneRun(dataDir);
    fixture.open(dataDir);
    const result = await exportRun([RUN_ID, '--out', join(fixture.tempDir(), 'articles'), '--data', dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `pacer: This process (pid ${process.pid}) already has ${join(dataDir, DATABASE_FILE_NAME)} open; close that store before opening it again.\n`,
    );
  });

  it('exits 2 on a missing --out or run id, and on an --out that is a file', async () => {
    const dataDir = fixture.tempDir();
    storeDoneRun(dataDir);
    expect((await exportRun([RUN_ID, '--data', dataDir])).stderr).toBe(
      'pacer: Missing --out DIR: the folder to write the articles to. Usage: pacer export <run-id> --out DIR [--data DIR]\n',
    );
    expect((await exportRun(['--out', 'x', '--data', dataDir])).stderr).toMatch(/^pacer: Missing the run id\./);
    const file = join(fixture.tempDir(), 'a-file');
    await writeFile(file, '');
    const result = await exportRun([RUN_ID, '--out', file, '--data', dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^pacer: Cannot use --out ".*a-file": .* is not a folder/);
  });

  it('is wired into main: exit 0 when written, 2 for an unknown run', async () => {
    const dataDir = fixture.tempDir();
    storeDoneRun(dataDir);
    const out = join(fixture.tempDir(), 'articles');
    const written = fakeIo();
    expect(await main(['export', RUN_ID.slice(0, 8), '--out', out, '--data', dataDir], written.io)).toBe(0);
    expect(written.stdout()).toBe(`Wrote 3 articles to ${out} (0 already there).\n`);
    const unknown = fakeIo();
    expect(await main(['export', 'c0ffee00', '--out', out, '--data', dataDir], unknown.io)).toBe(2);
    expect(unknown.stderr()).toMatch(/^pacer: No run has the id "c0ffee00"/);
  });
});
