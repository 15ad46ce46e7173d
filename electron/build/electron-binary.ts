import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Where the Electron executable is, worked out the way the electron package's own index.js does
 * (path.txt, ELECTRON_OVERRIDE_DIST_PATH, dist/) but without its side effect: requiring that
 * package downloads the binary from GitHub when it is missing, which hangs or fails offline.
 * `npm start` and the Electron e2e suite ask here first and say plainly when there is none.
 */
export interface ElectronBinaryLookup {
  /** The electron package's folder (node_modules/electron), or undefined when it is not installed. */
  readonly packageDir: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly exists: (file: string) => boolean;
  /** A file's text, or undefined when it cannot be read. */
  readonly readText: (file: string) => string | undefined;
}

export type ElectronBinary = { readonly found: true; readonly path: string } | { readonly found: false; readonly lookedFor: string };

/** The executable inside a dist folder, as electron's install.js names it per platform. */
function defaultExecutable(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

export function findElectronBinary(lookup: ElectronBinaryLookup): ElectronBinary {
  const override = lookup.env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  if (!override && lookup.packageDir === undefined) return { found: false, lookedFor: 'the electron package (node_modules/electron)' };
  // path.txt is written by electron's install.js once the binary is unpacked.
  const executable = (lookup.packageDir && lookup.readText(path.join(lookup.packageDir, 'path.txt'))?.trim()) || defaultExecutable(lookup.platform);
  const file = override ? path.join(override, executable) : path.join(lookup.packageDir ?? '', 'dist', executable);
  return lookup.exists(file) ? { found: true, path: file } : { found: false, lookedFor: file };
}

/** The installed electron package's folder; resolving its package.json does not run its index.js. */
export function electronPackageDir(): string | undefined {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** findElectronBinary for this machine: its electron package, environment and file system. */
export function findInstalledElectron(): ElectronBinary {
  return findElectronBinary({
    packageDir: electronPackageDir(),
    env: process.env,
    platform: process.platform,
    exists: existsSync,
    readText: (file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
}
