import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronPackageDir, findInstalledElectron } from './electron-binary.ts';

/**
 * `npm start` (after `npm run build`): runs the built app in Electron, or, where the Electron
 * binary is not installed, says so and points at the browser version instead of letting the
 * electron package try a download.
 */
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const binary = findInstalledElectron();

if (!binary.found) {
  console.error(
    'The Electron binary is not installed on this machine (it is downloaded from GitHub, which is out of reach here). Run the same UI in your browser instead: npm run web\n' +
      `(Looked for ${binary.lookedFor}. Where GitHub is reachable, \`npx install-electron\` downloads it; ELECTRON_OVERRIDE_DIST_PATH may point at an unpacked Electron ${electronVersion()}.)`,
  );
  process.exit(1);
}

// ELECTRON_RUN_AS_NODE (set in some editors' terminals) would make Electron a plain Node.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary.path, [projectRoot, ...process.argv.slice(2)], { stdio: 'inherit', env, windowsHide: false });
child.on('error', (error) => {
  console.error(`Could not start ${binary.path}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) console.error(`Electron exited with signal ${signal}.`);
  process.exit(code ?? 1);
});
// Ctrl-C reaches the child through the terminal; a kill sent to this process only is passed on.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}

function electronVersion(): string {
  const dir = electronPackageDir();
  if (!dir) return '';
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '';
  }
}
