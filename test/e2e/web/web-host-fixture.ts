import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';

export interface WebHost {
  /** The page URL with its token, as the host printed it. */
  readonly url: string;
  readonly dataDir: string;
  /** Stops the host as a user's Ctrl-C would (SIGINT: graceful), or kills it (SIGKILL: a crash). */
  stop(signal?: 'SIGINT' | 'SIGKILL'): Promise<void>;
  /** Starts a new host on the same data folder (stopping the current one with SIGINT if it still runs); resolves with its URL. */
  restart(): Promise<string>;
}

const HOST = join(import.meta.dirname, '../../../electron/web-host/main.ts');

interface Launched {
  readonly child: ChildProcess;
  readonly url: string;
  /** Settles when the process has exited, however it ended (a code, or a signal such as SIGKILL). */
  readonly exited: Promise<void>;
}

function launch(dataDir: string, env: Record<string, string>, log: string[]): Promise<Launched> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOST], {
      // HOME inside the test's folder: default export folders (Documents/Pacer/…) land there, not in the real one.
      env: { ...process.env, PACER_DATA_DIR: dataDir, PACER_PORT: '0', HOME: join(dataDir, 'home'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Listened for from the start: a killed child's exitCode stays null (signalCode is set), so
    // "has it exited?" must come from the event, not from exitCode.
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let out = '';
    child.stderr.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Pacer web UI: (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]!, exited });
    });
    child.on('exit', (code, signal) => reject(new Error(`The web host exited (${code ?? signal}) before printing its URL.\n${out}${log.join('')}`)));
  });
}

/** Each test gets its own web host and data folder (style.md rule 12), stopped after it. */
export const test = base.extend<{ host: WebHost; hostEnv: Record<string, string> }>({
  hostEnv: [{}, { option: true }],
  host: async ({ hostEnv }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pacer-e2e-'));
    // The hosts' stderr, attached to a failing test: it says what the host saw.
    const log: string[] = [];
    let current = await launch(dataDir, hostEnv, log);
    let stopped = false;
    const stop = async (signal: 'SIGINT' | 'SIGKILL' = 'SIGINT') => {
      if (!stopped) {
        stopped = true;
        log.push(`--- test: stopping the host with ${signal}\n`);
        current.child.kill(signal);
      }
      await current.exited;
    };
    await use({
      get url() {
        return current.url;
      },
      dataDir,
      stop,
      restart: async () => {
        await stop();
        log.push('--- test: starting a new host on the same data folder\n');
        current = await launch(dataDir, hostEnv, log);
        stopped = false;
        return current.url;
      },
    });
    await stop();
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('web-host.log', { body: log.join(''), contentType: 'text/plain' });
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
