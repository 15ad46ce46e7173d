import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronPackageDir, findInstalledElectron } from './electron-binary.ts';

/**
 * `npm start` (after `npm run build`): runs the built app in Electron. The electron package
 * fetches its binary from GitHub on first use; where it is missing this tries that download once
 * (the electron package's own installer), and where the download cannot happen (offline, or only
 * a package registry in reach) says so and points at the browser version of the same app.
 */
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
let binary = findInstalledElectron();

if (!binary.found && !process.env.ELECTRON_OVERRIDE_DIST_PATH?.trim()) {
  const failure = downloadElectron();
  binary = findInstalledElectron();
  if (!binary.found) {
    console.error(
      `The Electron binary is not installed on this machine, and downloading it from GitHub failed${failure ? ` (${failure})` : ''}. ` +
        'Run the same UI in your browser instead: npm run web\n' +
        `(Looked for ${binary.lookedFor}. Once GitHub is reachable, \`npm start\` downloads it; ELECTRON_OVERRIDE_DIST_PATH may point at an unpacked Electron ${electronVersion()}.)`,
    );
    process.exit(1);
  }
}
if (!binary.found) {
  console.error(
    `ELECTRON_OVERRIDE_DIST_PATH holds no Electron binary (looked for ${binary.lookedFor}). Point it at an unpacked Electron ${electronVersion()}, or unset it. ` +
      'Run the same UI in your browser instead: npm run web',
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

/** Runs the electron package's installer; returns why it failed, or undefined when it succeeded. */
function downloadElectron(): string | undefined {
  const installer = process.env.PACER_ELECTRON_INSTALLER ?? (electronPackageDir() && path.join(electronPackageDir()!, 'install.js'));
  if (!installer) return 'the electron package is not installed: run npm install';
  console.error(`Downloading Electron ${electronVersion()} (first start only)…`);
  const result = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 10 * 60_000 });
  if (result.status === 0) return undefined;
  const lastLine = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').at(-1);
  return lastLine || (result.error?.message ?? `the installer exited with ${result.status}`);
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
