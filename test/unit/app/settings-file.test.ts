import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_FILE_NAME } from '../../../electron/app/settings-file.ts';
import { AppHarness } from './app-fixture.ts';

let h: AppHarness;
beforeEach(async () => {
  h = await AppHarness.open();
});
afterEach(async () => {
  await h.close();
});

const file = () => join(h.dataDir, SETTINGS_FILE_NAME);
const keptAside = () => readdirSync(h.dataDir).filter((name) => name.startsWith(`${SETTINGS_FILE_NAME}.invalid-`));

describe('settings.load / settings.save', () => {
  it('round-trips the last used settings and output folder, defaults filled in', async () => {
    expect(await h.call('settings.load', {})).toBeNull();
    await h.call('settings.save', { settings: { model: 'gpt-4o', maxTokens: 500, workers: 8 }, outDir: await h.folder('/home/me/out') });
    const loaded = await h.call('settings.load', {});
    expect(loaded).toMatchObject({ outDir: { path: '/home/me/out' }, settings: { model: 'gpt-4o', maxTokens: 500, workers: 8, provider: { kind: 'simulator' }, rpm: null } });
    // The file keeps the path; what is handed out is a handle for it.
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({ ...loaded, outDir: '/home/me/out', redisUrl: null });
    expect(loaded!.outDir!.handle).toMatch(/^folder-[0-9a-f]{32}$/);
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(h.dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps a corrupt file aside and starts from defaults, never crashing', async () => {
    writeFileSync(file(), '{"settings": {"model": "gpt-4o"'); // cut off mid-write by an old version
    expect(await h.call('settings.load', {})).toBeNull();
    expect(keptAside()).toHaveLength(1);
    expect(readFileSync(join(h.dataDir, keptAside()[0]!), 'utf8')).toBe('{"settings": {"model": "gpt-4o"');
    expect(h.logs.join('\n')).toMatch(/settings\.json was not used because it is not valid JSON .*kept as .*settings\.json\.invalid-/);
    expect(await h.call('settings.load', {})).toBeNull(); // nothing left to trip over
  });

  it('keeps aside a file that is JSON but not valid settings, saying which field', async () => {
    writeFileSync(file(), JSON.stringify({ settings: { maxTokens: -5 }, outDir: null }));
    expect(await h.call('settings.load', {})).toBeNull();
    expect(keptAside()).toHaveLength(1);
    expect(h.logs.at(-1)).toContain('settings.maxTokens: Max tokens must be greater than 0');
  });

  it('keeps aside an unreadable one (a folder in its place)', async () => {
    mkdirSync(file());
    expect(await h.call('settings.load', {})).toBeNull();
    expect(keptAside()).toHaveLength(1);
    await h.call('settings.save', { settings: {}, outDir: null });
    expect(await h.call('settings.load', {})).toMatchObject({ outDir: null, settings: { model: 'gpt-4o-mini' } });
  });
});
