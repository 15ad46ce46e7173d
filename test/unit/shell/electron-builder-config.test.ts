import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder.yml checked offline with electron-builder's own loader and JSON-schema
 * validation (`electron-builder --linux` itself needs the Electron zip from GitHub). The functions
 * live in app-builder-lib, electron-builder's engine, resolved from electron-builder itself so the
 * test uses exactly the version `npm run dist` runs.
 */
interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: Configuration | null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: { readonly isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
}

const projectDir = fileURLToPath(new URL('../../../', import.meta.url));
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as ConfigModule;
const quietLogger = { isEnabled: false, add: () => {} };

const load = () => getConfig(projectDir, `${projectDir}electron-builder.yml`, null);

describe('electron-builder.yml', () => {
  it("passes electron-builder's own validation", async () => {
    await expect(validateConfiguration(await load(), quietLogger)).resolves.toBeUndefined();
  });

  it('names the app and builds into release/', async () => {
    const config = await load();
    expect(config).toMatchObject({ appId: 'app.pacer.desktop', productName: 'Pacer', directories: { output: 'release', buildResources: 'build' } });
  });

  it('builds AppImage and deb on Linux, a dmg on macOS and an NSIS installer on Windows', async () => {
    const config = await load();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux).toMatchObject({ category: 'Office', icon: 'build/icon.png', maintainer: expect.stringMatching(/<.+@.+>/) });
    expect(config.mac).toMatchObject({ target: 'dmg', category: 'public.app-category.productivity' });
    expect(config.win?.target).toBe('nsis');
  });

  it('packs the bundles, the renderer and package.json, unpacks native modules, and never rebuilds them', async () => {
    const config = await load();
    const filters = (config.files as { filter: string[] }[]).flatMap((set) => set.filter);
    expect(filters).toEqual(expect.arrayContaining(['out/**', 'dist/renderer/**', 'package.json']));
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.npmRebuild).toBe(false);
  });

  it('flips the security fuses: no run-as-node, NODE_OPTIONS or --inspect; encrypted cookies; app code only from an integrity-checked app.asar', async () => {
    const config = await load();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Fuses are only flipped in what electron-builder packs; without an archive they could not hold.
    expect(config.asar).toBe(true);
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNode: 'off' } } as unknown as Configuration, quietLogger)).rejects.toThrow(/runAsNode/);
  });

  it('rejects a key electron-builder does not know, and a wrong value type', async () => {
    const config = await load();
    await expect(validateConfiguration({ ...config, bogusOption: true } as Configuration, quietLogger)).rejects.toThrow(/unknown property 'bogusOption'/);
    await expect(validateConfiguration({ ...config, npmRebuild: 'no' } as unknown as Configuration, quietLogger)).rejects.toThrow(/npmRebuild/);
  });
});
