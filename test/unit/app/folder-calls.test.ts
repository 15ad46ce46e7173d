import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dialogs } from '../../../electron/app/dialogs.ts';
import { AppHarness, SETTINGS, inputs } from './app-fixture.ts';

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('folders are chosen through main', () => {
  it('browses a folder: its subfolders (hidden ones left out), its parent, and places to start from, each handed out', async () => {
    h = await AppHarness.open();
    const root = join(h.dir, 'disk');
    for (const name of ['beta', 'alpha', '.hidden']) mkdirSync(join(root, name), { recursive: true });
    writeFileSync(join(root, 'notes.txt'), 'not a folder');
    const listing = await h.call('folder.browse', { path: `${root}/./`, runName: 'Spring campaign' });
    expect(listing.folder.path).toBe(root);
    expect(listing).toMatchObject({ exists: true, problem: null, parent: { path: h.dir } });
    expect(listing.children.map((child) => child.path)).toEqual([join(root, 'alpha'), join(root, 'beta')]);
    expect(listing.places).toEqual([
      { label: 'Home', folder: expect.objectContaining({ path: join(h.dir, 'home') }) },
      { label: 'Pacer folder', folder: expect.objectContaining({ path: join(h.dir, 'home', 'Pacer') }) },
      { label: 'Default for this run', folder: expect.objectContaining({ path: join(h.dir, 'home', 'Pacer', 'spring-campaign') }) },
    ]);
    // Walking on is by handle; the same folder always has the same one.
    const alpha = await h.call('folder.browse', { handle: listing.children[0]!.handle });
    expect(alpha).toMatchObject({ folder: { path: join(root, 'alpha'), handle: listing.children[0]!.handle }, children: [] });
  });

  it('says what is wrong with a folder that cannot take articles, and that a missing one will be created', async () => {
    h = await AppHarness.open();
    writeFileSync(join(h.dir, 'a-file'), '');
    expect((await h.call('folder.browse', { path: join(h.dir, 'a-file') })).problem).toBe(`${join(h.dir, 'a-file')} is not a folder (a file has that name). Choose another folder.`);
    const missing = await h.call('folder.browse', { path: join(h.dir, 'new', 'deeper') });
    expect(missing).toMatchObject({ exists: false, problem: null, children: [] });
    if (process.platform === 'linux') expect((await h.call('folder.browse', { path: '/proc/self' })).problem).toContain('/proc/self cannot hold articles');
  });

  it('defaults to Documents/Pacer/<run name>, or ~/Pacer/<run name> without Documents, and to a run’s own output folder', async () => {
    h = await AppHarness.open();
    expect((await h.call('folder.default', { runName: 'keywords.csv' })).path).toBe(join(h.dir, 'home', 'Pacer', 'keywords'));
    mkdirSync(join(h.dir, 'home', 'Documents'), { recursive: true });
    expect((await h.call('folder.default', { runName: 'keywords.csv' })).path).toBe(join(h.dir, 'home', 'Documents', 'Pacer', 'keywords'));
    const { runId } = await h.call('run.create', { settings: SETTINGS, inputs: inputs('Coffee'), outDir: null, name: 'Hot drinks' });
    expect((await h.call('folder.default', { runId })).path).toBe(join(h.dir, 'home', 'Documents', 'Pacer', 'hot-drinks'));
    const out = join(h.dir, 'out');
    const { runId: withFolder } = await h.call('run.create', { settings: SETTINGS, inputs: inputs('Coffee'), outDir: await h.folder(out) });
    expect((await h.call('folder.default', { runId: withFolder })).path).toBe(out);
  });

  it('refuses a run whose output folder cannot take articles when it is created, not when it starts', async () => {
    h = await AppHarness.open();
    writeFileSync(join(h.dir, 'a-file'), '');
    const refused = await h.error('run.create', { settings: SETTINGS, inputs: inputs('Coffee'), outDir: await h.folder(join(h.dir, 'a-file', 'out')) });
    expect(refused.code).toBe('not_writable');
    expect(await h.call('runs.list', {})).toEqual([]);
  });

  it('in the desktop app: the native dialog hands out the folder, there is no folder browser, and Open folder shows the run’s folder', async () => {
    let next = '/home/ann/Articles';
    const opened: string[] = [];
    const dialogs: Dialogs = { chooseFolder: async () => next, openTopicsFile: async () => null, openFolder: async (path) => void opened.push(path) };
    h = await AppHarness.open({ transport: 'electron', dialogs });
    const answer = await h.call('dialog.chooseFolder', {});
    expect(answer).toEqual({ supported: true, folder: { handle: expect.stringMatching(/^folder-[0-9a-f]{32}$/), path: '/home/ann/Articles' } });
    expect(await h.error('folder.browse', { path: '/home' })).toEqual({ code: 'unsupported', message: 'The desktop app chooses folders with the system dialog: use Choose….' });

    next = join(h.dir, 'out');
    const out = (await h.call('dialog.chooseFolder', {})).folder!;
    const { runId } = await h.call('run.create', { settings: SETTINGS, inputs: inputs('Coffee'), outDir: out.handle });
    expect(await h.call('run.openFolder', { runId })).toEqual({ supported: true });
    expect(opened).toEqual([out.path]);
    const { runId: bare } = await h.call('run.create', { settings: SETTINGS, inputs: inputs('Tea'), outDir: null, name: 'Tea run' });
    expect(await h.error('run.openFolder', { runId: bare })).toMatchObject({ code: 'no_folder', message: expect.stringContaining('Run "Tea run" has no output folder') });
  });

  it('has no Open folder in the web host: the page shows the path instead', async () => {
    h = await AppHarness.open();
    const { runId } = await h.call('run.create', { settings: SETTINGS, inputs: inputs('Coffee'), outDir: null });
    expect(await h.call('run.openFolder', { runId })).toEqual({ supported: false });
  });
});
