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
  /** Starts a new host on the same data folder; resolves with its URL. */
  restart(): Promise<string>;
}

const HOST = join(import.meta.dirname, '../../../electron/web-host/main.ts');

function launch(dataDir: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOST], {
      env: { ...process.env, PACER_DATA_DIR: dataDir, PACER_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Pacer web UI: (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.on('exit', (code) => reject(new Error(`The web host exited (${code}) before printing its URL.\n${out}${err}`)));
  });
}

/** Each test gets its own web host and data folder (style.md rule 12), stopped after it. */
export const test = base.extend<{ host: WebHost; hostEnv: Record<string, string> }>({
  hostEnv: [{}, { option: true }],
  host: async ({ hostEnv }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pacer-e2e-'));
    let current = await launch(dataDir, hostEnv);
    const stop = (signal: 'SIGINT' | 'SIGKILL' = 'SIGINT') =>
      new Promise<void>((resolve) => {
        if (current.child.exitCode !== null) return resolve();
        current.child.once('exit', () => resolve());
        current.child.kill(signal);
      });
    await use({
      get url() {
        return current.url;
      },
      dataDir,
      stop,
      restart: async () => {
        await stop();
        current = await launch(dataDir, hostEnv);
        return current.url;
      },
    });
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
