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

  it('drops only the field that is not valid, names it, keeps every other setting and the original file', async () => {
    const original = JSON.stringify({ settings: { model: 'gpt-4o', maxTokens: -5, workers: 8 }, outDir: '/home/me/out', redisUrl: 'redis://127.0.0.1:6390' });
    writeFileSync(file(), original);
    const loaded = await h.call('settings.load', {});
    expect(loaded).toMatchObject({ outDir: { path: '/home/me/out' }, settings: { model: 'gpt-4o', workers: 8, maxTokens: 1_024 } });
    expect(h.logs.at(-1)).toMatch(/settings\.json: settings\.maxTokens \(Max tokens must be greater than 0\) is not valid, so the default applies there; every other setting was kept\. The original file was kept as .*settings\.json\.invalid-/);
    expect(keptAside()).toHaveLength(1);
    expect(readFileSync(join(h.dataDir, keptAside()[0]!), 'utf8')).toBe(original);
    // The file now holds the good fields: the next load is quiet and finds the same.
    const logged = h.logs.length;
    expect(await h.call('settings.load', {})).toEqual(loaded);
    expect(h.logs).toHaveLength(logged);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toMatchObject({ settings: { model: 'gpt-4o', maxTokens: 1_024 }, redisUrl: 'redis://127.0.0.1:6390' });
  });

  it('drops a bad field outside the run settings too, and names each one dropped', async () => {
    writeFileSync(file(), JSON.stringify({ settings: { model: 'gpt-4o', temperature: 9, provider: { kind: 'openai', baseURL: 'ftp://x' } }, outDir: 42 }));
    expect(await h.call('settings.load', {})).toMatchObject({ outDir: null, settings: { model: 'gpt-4o', temperature: 0.7, provider: { kind: 'simulator' } } });
    const warning = h.logs.at(-1)!;
    for (const field of ['settings.temperature', 'settings.provider', 'outDir']) expect(warning).toContain(`${field} (`);
    expect(warning).toContain('are not valid');
  });

  it('keeps aside a file that is JSON but holds no settings at all', async () => {
    writeFileSync(file(), '["gpt-4o"]');
    expect(await h.call('settings.load', {})).toBeNull();
    expect(keptAside()).toHaveLength(1);
    expect(h.logs.at(-1)).toMatch(/settings\.json was not used because it does not hold valid settings/);
  });

  it('keeps aside an unreadable one (a folder in its place)', async () => {
    mkdirSync(file());
    expect(await h.call('settings.load', {})).toBeNull();
    expect(keptAside()).toHaveLength(1);
    await h.call('settings.save', { settings: {}, outDir: null });
    expect(await h.call('settings.load', {})).toMatchObject({ outDir: null, settings: { model: 'gpt-4o-mini' } });
  });
});
