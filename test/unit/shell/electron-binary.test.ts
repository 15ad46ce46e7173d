import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ElectronBinaryLookup } from '../../../electron/build/electron-binary.ts';
import { findElectronBinary } from '../../../electron/build/electron-binary.ts';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

function lookup(files: Record<string, string>, overrides: Partial<ElectronBinaryLookup> = {}): ElectronBinaryLookup {
  return {
    packageDir: '/p/node_modules/electron',
    env: {},
    platform: 'linux',
    exists: (file) => file in files,
    readText: (file) => files[file],
    ...overrides,
  };
}

describe('findElectronBinary', () => {
  it('finds the executable path.txt names under dist/', () => {
    const files = { '/p/node_modules/electron/path.txt': 'electron', '/p/node_modules/electron/dist/electron': '' };
    expect(findElectronBinary(lookup(files))).toEqual({ found: true, path: '/p/node_modules/electron/dist/electron' });
  });

  it('reports the path it looked for when the binary was never downloaded (no path.txt, no dist/)', () => {
    expect(findElectronBinary(lookup({}))).toEqual({ found: false, lookedFor: '/p/node_modules/electron/dist/electron' });
    expect(findElectronBinary(lookup({}, { platform: 'darwin' }))).toEqual({
      found: false,
      lookedFor: '/p/node_modules/electron/dist/Electron.app/Contents/MacOS/Electron',
    });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as the electron package does', () => {
    const files = { '/opt/electron-45/electron': '' };
    expect(findElectronBinary(lookup(files, { env: { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron-45' } }))).toEqual({ found: true, path: '/opt/electron-45/electron' });
    expect(findElectronBinary(lookup(files, { packageDir: undefined, env: { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron-45' } }))).toEqual({
      found: true,
      path: '/opt/electron-45/electron',
    });
  });

  it('says when the electron package itself is missing', () => {
    expect(findElectronBinary(lookup({}, { packageDir: undefined }))).toEqual({ found: false, lookedFor: 'the electron package (node_modules/electron)' });
  });
});

describe('npm start (electron/build/launch.ts)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const launch = (env: Record<string, string>) =>
    spawnSync(process.execPath, [path.join(projectRoot, 'electron/build/launch.ts'), '--extra-flag'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000 });

  it('with ELECTRON_OVERRIDE_DIST_PATH holding no binary, says so and points at npm run web, without trying a download', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-no-electron-'));
    dirs.push(empty);
    const result = launch({ ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`ELECTRON_OVERRIDE_DIST_PATH holds no Electron binary (looked for ${empty}`);
    expect(result.stderr).toContain('Run the same UI in your browser instead: npm run web');
    expect(result.stderr).not.toContain('Downloading Electron');
  });

  it.skipIf(fs.existsSync(path.join(projectRoot, 'node_modules/electron/dist')))(
    'without a binary, tries the download once and, when it fails, says why and points at npm run web',
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-installer-'));
      dirs.push(dir);
      const installer = path.join(dir, 'install.js');
      // A stand-in for the electron package's installer, failing as it does without GitHub.
      fs.writeFileSync(installer, "console.error('TypeError: fetch failed'); process.exit(1);\n");
      const result = launch({ PACER_ELECTRON_INSTALLER: installer });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('Downloading Electron');
      expect(result.stderr).toContain('downloading it from GitHub failed (TypeError: fetch failed). Run the same UI in your browser instead: npm run web');
    },
  );

  it.skipIf(process.platform === 'win32')('runs the binary on the project folder with the extra arguments and passes on its exit code (POSIX stand-in script)', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-fake-electron-'));
    dirs.push(dist);
    const executable = path.join(dist, process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron');
    fs.mkdirSync(path.dirname(executable), { recursive: true });
    fs.writeFileSync(executable, '#!/bin/sh\necho "args: $*"\necho "run-as-node: ${ELECTRON_RUN_AS_NODE:-unset}"\nexit 7\n', { mode: 0o755 });
    const result = launch({ ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_RUN_AS_NODE: '1' });
    expect(result.status).toBe(7);
    expect(result.stdout).toContain(`args: ${projectRoot} --extra-flag`);
    expect(result.stdout).toContain('run-as-node: unset');
  });
});
