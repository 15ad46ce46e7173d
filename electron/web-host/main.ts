import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemorySecretStore } from '../app/memory-secret-store.ts';
import { terminalText } from '../cli/terminal-output.ts';
import { knownSecrets } from '../secrets/secret-redactor.ts';
import { PacerApp } from '../app/pacer-app.ts';
import { defaultDataDir } from '../store/default-data-dir.ts';
import type { SimulatorOptions } from '../providers/simulator/options.ts';
import { simulatorOptionsFromEnv } from '../providers/simulator/options-from-env.ts';
import { StoreError } from '../store/store-error.ts';
import { startWebHost } from './start-web-host.ts';
import { WeakTokenError } from './web-session.ts';

/**
 * `npm run web`: Pacer's UI in a browser, for machines where Electron cannot run. Environment:
 *   PACER_PORT      port on 127.0.0.1 (default 0: a free one; the URL says which)
 *   PACER_WEB_TOKEN the access token in the printed URL, at least 32 characters (default: random
 *                   per start; fixed for scripted tests); the first load trades it for a cookie
 *   PACER_DATA_DIR  where runs are stored (default: the platform's app-data folder)
 *   OPENAI_API_KEY  the key for OpenAI-compatible providers (a key set in the UI is kept in memory)
 *   PACER_SIMULATOR the built-in simulator's options as JSON, e.g. {"rpm":30,"latency":{…}}, for
 *                   demos and the browser tests (simulator/options.ts lists them)
 * stdout gets exactly one line, `Pacer web UI: <url>`; everything else goes to stderr.
 * Exit codes: 0 after Ctrl-C / SIGTERM (runs going are cancelled and can be resumed), 2 when it
 * cannot start (the data folder is locked, damaged or newer; a bad setting; the port is taken).
 */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STATIC_DIR = path.join(REPO_ROOT, 'dist', 'renderer');
const EXIT_CANNOT_START = 2;

async function main(): Promise<void> {
  const env = process.env;
  const port = parsePort(env.PACER_PORT);
  if (port === undefined) return cannotStart(`PACER_PORT must be a port number between 0 and 65535 (0 picks a free one), got ${JSON.stringify(env.PACER_PORT)}.`);
  const token = env.PACER_WEB_TOKEN === undefined ? undefined : env.PACER_WEB_TOKEN.trim();
  if (token === '') return cannotStart('PACER_WEB_TOKEN is set but empty: unset it for a random token, or give a long random string.');

  let simulator: SimulatorOptions;
  try {
    simulator = simulatorOptionsFromEnv(env);
  } catch (error) {
    return cannotStart((error as Error).message);
  }

  let app: PacerApp;
  try {
    app = await PacerApp.open({ dataDir: defaultDataDir(env), secrets: new MemorySecretStore(env), transport: 'web', version: packageVersion(), simulator });
  } catch (error) {
    if (error instanceof StoreError) return cannotStart(error.message);
    throw error;
  }
  let host;
  try {
    host = await startWebHost({ app, staticDir: STATIC_DIR, port, ...(token !== undefined && { token }) });
  } catch (error) {
    await app.close();
    if (error instanceof WeakTokenError) return cannotStart(error.message);
    if ((error as { code?: unknown }).code === 'EADDRINUSE') return cannotStart(`Port ${port} on 127.0.0.1 is already in use: set PACER_PORT to another port, or to 0 for a free one.`);
    throw error;
  }
  if (!existsSync(path.join(STATIC_DIR, 'index.html'))) console.error(`Warning: ${STATIC_DIR} has no index.html; run \`npm run web\`, which builds the UI first.`);
  console.log(`Pacer web UI: ${host.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting for runs to stop.`);
      process.exit(1);
    }
    stopping = true;
    console.error(`${signal}: stopping Pacer (runs going are cancelled; start them again to resume)…`);
    (async () => {
      await app.close(); // refuses new calls, cancels runs, delivers their last events to open tabs
      await host.close();
      process.exit(0);
    })().catch((error: unknown) => {
      printError(`Pacer did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return 0;
  const port = Number(value);
  return Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : undefined;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

function cannotStart(message: string): void {
  printError(message);
  process.exitCode = EXIT_CANNOT_START;
}

/** Messages may quote a server or a path: no key, no escape sequence reaches the terminal (terminal-output.ts). */
function printError(message: string): void {
  console.error(terminalText(message, knownSecrets));
}

await main();
