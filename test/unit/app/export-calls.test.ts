import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppHarness, SETTINGS, inputs } from './app-fixture.ts';

let h: AppHarness;
beforeEach(async () => {
  h = await AppHarness.open();
});
afterEach(async () => {
  await h.close();
});

async function finishedRun(...topics: string[]): Promise<string> {
  const { runId } = await h.call('run.create', { settings: SETTINGS, inputs: inputs(...topics), outDir: null });
  await h.call('run.start', { runId });
  await h.runFinished(runId);
  return runId;
}

describe('export.run', () => {
  it.runIf(process.platform === 'linux')('refuses a folder under /proc at once, and the next export to a good folder works', async () => {
    const runId = await finishedRun('Coffee', 'Tea');
    const refused = await h.error('export.run', { runId, folder: await h.folder('/proc/pacer/articles'), formats: ['markdown', 'csv'], exportId: 'bad' });
    expect(refused.code).toBe('invalid_folder');
    expect(refused.message).toContain('/proc/pacer/articles cannot hold articles');

    const out = join(h.dir, 'articles');
    const report = await h.call('export.run', { runId, folder: await h.folder(out), formats: ['markdown'], exportId: 'good' });
    expect(report.markdown).toMatchObject({ written: 2, failed: [] });
    expect(readdirSync(out).filter((name) => name.endsWith('.md'))).toHaveLength(2);
  });

  it('refuses a relative folder, which would land in the working folder of the host', async () => {
    const refused = await h.error('folder.browse', { path: 'articles' });
    expect(refused).toMatchObject({ code: 'invalid_folder' });
    expect(refused.message).toContain('"articles" is not an absolute folder path');
  });

  it('refuses a handle it never handed out', async () => {
    const runId = await finishedRun('Coffee');
    const refused = await h.error('export.run', { runId, folder: `folder-${'0'.repeat(32)}`, formats: ['markdown'] });
    expect(refused).toEqual({ code: 'folder_unknown', message: 'That folder was chosen before Pacer restarted (or never in Pacer): choose it again with Choose….' });
  });

  it('answers export.cancel for an export that is not going', async () => {
    expect(await h.call('export.cancel', { exportId: 'none' })).toEqual({ cancelled: false });
  });
});
