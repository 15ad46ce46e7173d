import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { findInstalledElectron } from '../../../electron/build/electron-binary.ts';

const projectRoot = path.resolve(import.meta.dirname, '../../..');

/**
 * `npm run build`'s three steps, once for the suite; nothing to build when the suite will be
 * skipped, and then the reason is printed, as reporters list skipped tests without it.
 */
export default function globalSetup(): void {
  const binary = findInstalledElectron();
  if (!binary.found) {
    console.log(`Skipping the Electron suite: no Electron binary on this machine (looked for ${binary.lookedFor}; it is downloaded from GitHub).`);
    return;
  }
  const vite = ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'];
  for (const config of [[], ['--config', 'electron/build/vite.main.config.ts'], ['--config', 'electron/build/vite.preload.config.ts']]) {
    execFileSync(process.execPath, [...vite, ...config], { cwd: projectRoot, stdio: 'inherit' });
  }
}
