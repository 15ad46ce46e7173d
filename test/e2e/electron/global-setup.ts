import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { findInstalledElectron } from '../../../electron/build/electron-binary.ts';

const projectRoot = path.resolve(import.meta.dirname, '../../..');

/** `npm run build`'s three steps, once for the suite; nothing to build when the suite will be skipped. */
export default function globalSetup(): void {
  if (!findInstalledElectron().found) return;
  const vite = ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'];
  for (const config of [[], ['--config', 'electron/build/vite.main.config.ts'], ['--config', 'electron/build/vite.preload.config.ts']]) {
    execFileSync(process.execPath, [...vite, ...config], { cwd: projectRoot, stdio: 'inherit' });
  }
}
