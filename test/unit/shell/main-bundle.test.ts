import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../../shared/ipc/contract.ts';
import type { Result } from '../../../shared/ipc/contract.ts';
import type { Order, Report } from './fake-electron/fake-electron.ts';

/**
 * The built main bundle (vite.main.config.ts → index.cjs) booted in plain Node against a fake
 * Electron (fake-electron/): the lifecycle, the guards, registerInvoke, PacerApp, the store, the
 * simulator and a graceful quit all run for real; only Electron's own objects are stand-ins.
 * What this cannot show (Chromium, the preload in a real sandbox, native dialogs) is left to
 * test/e2e/electron, which needs an Electron binary.
 */
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const registerFake = fileURLToPath(new URL('./fake-electron/register.ts', import.meta.url));
// Built inside the project, so that its external requires (better-sqlite3, gpt-tokenizer…)
// resolve from node_modules exactly as they do from out/main.
const cacheDir = path.join(projectRoot, 'node_modules', '.cache');
fs.mkdirSync(cacheDir, { recursive: true });
const scratch = fs.mkdtempSync(path.join(cacheDir, 'pacer-main-bundle-'));
const bundle = path.join(scratch, 'index.cjs');

beforeAll(async () => {
  await build({ configFile: path.join(projectRoot, 'electron/build/vite.main.config.ts'), logLevel: 'silent', build: { outDir: scratch, sourcemap: false } });
}, 60_000);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

class Shell {
  readonly reports: Report[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';
  private readonly child: ChildProcess;
  private readonly wakers = new Set<() => void>();
  private nextId = 1;

  constructor(userData: string, options: { readonly appPath?: string; readonly env?: Record<string, string> } = {}) {
    this.child = fork(bundle, [], {
      execArgv: ['--import', registerFake],
      env: { ...process.env, PACER_USER_DATA_DIR: userData, FAKE_ELECTRON_APP_PATH: options.appPath ?? projectRoot, OPENAI_API_KEY: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.on('message', (message: Report) => {
      this.reports.push(message);
      for (const wake of this.wakers) wake();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Resolves with the first report (already seen or still to come) that matches; rejects if the app exits first. */
  waitFor<T extends Report['type']>(type: T, match: (report: Extract<Report, { type: T }>) => boolean = () => true): Promise<Extract<Report, { type: T }>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.reports.find((r): r is Extract<Report, { type: T }> => r.type === type && match(r as Extract<Report, { type: T }>));
        if (!found) return;
        this.wakers.delete(check);
        resolve(found);
      };
      this.wakers.add(check);
      check();
      void this.exited.then((code) => {
        if (!this.wakers.delete(check)) return;
        reject(new Error(`The app exited (${code}) before reporting ${type}. Its stderr:\n${this.stderr}`));
      });
    });
  }

  async invoke<T = unknown>(call: string, request: unknown, frame: 'main' | 'sub' | 'foreign' = 'main'): Promise<Result<T>> {
    const id = this.nextId++;
    this.child.send({ type: 'invoke', id, channel: `pacer:call:${call}`, request, frame } satisfies Order);
    return (await this.waitFor('answer', (a) => a.id === id)).result as Result<T>;
  }

  /** A request to a custom scheme, answered by the handler the shell registered. */
  async fetch(url: string, method = 'GET'): Promise<Extract<Report, { type: 'fetched' }>> {
    const id = this.nextId++;
    this.child.send({ type: 'fetch', id, url, method } satisfies Order);
    return this.waitFor('fetched', (f) => f.id === id);
  }

  quit(): void {
    this.child.send({ type: 'quit' } satisfies Order);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

const shells: Shell[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const shell of shells.splice(0)) shell.kill();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Each test gets its own user-data folder, as each e2e test does. */
function userDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-user-data-'));
  dirs.push(dir);
  return dir;
}

async function boot(userData = userDataDir(), appPath?: string): Promise<Shell> {
  const shell = new Shell(userData, { appPath });
  shells.push(shell);
  await shell.waitFor('loadURL');
  return shell;
}

const SETTINGS = { model: 'sim-fast', promptTemplate: 'Write about {{topic}}', maxTokens: 16, workers: 3 };
const inputs = (...topics: string[]) => topics.map((topic, index) => ({ index, topic, vars: { topic } }));

describe('the main bundle, booted against a fake Electron', () => {
  it('opens one secure window on the built page, after the session guards, the menu and every IPC handler', async () => {
    const shell = await boot();
    const window = await shell.waitFor('window');
    expect(window.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false });
    expect(window.webPreferences.preload).toBe(path.join(projectRoot, 'out', 'preload', 'index.cjs'));
    expect([window.minWidth, window.minHeight]).toEqual([800, 600]);
    expect((await shell.waitFor('loadURL')).url).toBe('app://pacer/index.html');
    expect(await shell.waitFor('schemes')).toEqual({
      type: 'schemes',
      schemes: [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }],
      beforeReady: true,
    });
    expect((await shell.waitFor('protocol')).scheme).toBe('app');
    expect(await shell.waitFor('session')).toMatchObject({ csp: true, permissions: true });
    expect((await shell.waitFor('menu')).roles).toContain('editMenu');
    expect((await shell.waitFor('handlers')).channels).toEqual(CALL_NAMES.map((name) => `pacer:call:${name}`));
    expect(window.handlersBefore).toBe(CALL_NAMES.length);
  });

  it("serves calls from the window's top frame only", async () => {
    const shell = await boot();
    const info = await shell.invoke<{ transport: string; dataDir: string; key: { storage: string; warning?: string } }>('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { transport: 'electron', key: { set: false, storage: 'none', warning: expect.stringMatching(/No keyring/) } } });
    for (const frame of ['sub', 'foreign'] as const) {
      expect(await shell.invoke('app.info', {}, frame)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await shell.invoke('run.start', { runId: '' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('serves the renderer from app://pacer with the CSP header on every answer, and nothing outside its folder', async () => {
    const appRoot = userDataDir();
    const rendererDir = path.join(appRoot, 'dist', 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Pacer</title><script type="module" src="./assets/app.js"></script>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("pacer")');
    fs.writeFileSync(path.join(appRoot, 'secret.txt'), 'not for the page');
    const shell = await boot(userDataDir(), appRoot);

    const page = await shell.fetch('app://pacer/index.html');
    expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.body).toContain('<title>Pacer</title>');
    const script = await shell.fetch('app://pacer/assets/app.js');
    expect([script.status, script.headers['content-type'], script.body]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log("pacer")']);
    for (const answer of [page, script]) expect(answer.headers['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self';/);
    for (const url of ['app://pacer/../secret.txt', 'app://pacer/%2e%2e/secret.txt', 'app://pacer/assets/..%2f..%2fsecret.txt', 'app://other/index.html']) {
      const refused = await shell.fetch(url);
      expect([url, refused.status]).toEqual([url, 404]);
      expect(refused.body).not.toContain('not for the page');
      expect(refused.headers['content-security-policy']).toMatch(/^default-src 'self'/);
    }
    expect((await shell.fetch('app://pacer/index.html', 'POST')).status).toBe(405);
  });

  it('keeps a key entered on a keyring-less Linux desktop in memory only', async () => {
    const userData = userDataDir();
    const shell = await boot(userData);
    expect(await shell.invoke('key.set', { apiKey: 'sk-test-0123456789' })).toMatchObject({ ok: true, value: { set: true, storage: 'memory' } });
    expect(fs.existsSync(path.join(userData, 'api-key.bin'))).toBe(false);
  });

  it('runs three topics on the simulator: events to the window, taskbar progress, a notification, then a graceful quit', async () => {
    const userData = userDataDir();
    const shell = await boot(userData);
    const created = await shell.invoke<{ runId: string }>('run.create', { settings: SETTINGS, inputs: inputs('Tea', 'Coffee', 'Cocoa'), outDir: null });
    if (!created.ok) throw new Error(created.error.message);
    const { runId } = created.value;
    expect(await shell.invoke('run.start', { runId })).toEqual({ ok: true, value: null });

    expect(await shell.waitFor('notification')).toEqual({ type: 'notification', title: 'Pacer: run finished', body: '3 done.' });
    await shell.waitFor('progress', (p) => p.value === -1);
    const bar = shell.reports.filter((r) => r.type === 'progress').map((r) => r.value);
    expect(bar.some((value) => value >= 0 && value <= 1)).toBe(true);
    expect(shell.reports.some((r) => r.type === 'sent' && r.channel === 'pacer:event:service.events')).toBe(true);
    expect(shell.reports.some((r) => r.type === 'sent' && r.channel === 'pacer:event:runs.changed')).toBe(true);

    shell.quit();
    expect(await shell.exited).toBe(0);
    expect(shell.reports.filter((r) => r.type === 'before-quit').map((r) => r.prevented)).toEqual([true, false]);

    // The store was closed cleanly: the next start opens it and finds the run done.
    const again = await boot(userData);
    const runs = await again.invoke<{ id: string; status: string; counts: { done: number } }[]>('runs.list', {});
    expect(runs).toMatchObject({ ok: true, value: [{ id: runId, status: 'completed', counts: { done: 3 } }] });
  });

  it('runs the built-in simulator in a worker thread, from simulator-worker.cjs written beside the bundle', async () => {
    const worker = path.join(scratch, 'simulator-worker.cjs');
    // The server's own code (here, its 429 wording) is in the worker's file, not in the main bundle.
    expect(fs.readFileSync(worker, 'utf8')).toContain('Rate limit reached for');
    expect(fs.readFileSync(bundle, 'utf8')).not.toContain('Rate limit reached for');
    // Without that file, the bundle cannot reach its simulator: a run on it fails.
    const shell = await boot();
    fs.renameSync(worker, `${worker}.away`);
    try {
      const created = await shell.invoke<{ runId: string }>('run.create', { settings: SETTINGS, inputs: inputs('Tea'), outDir: null });
      if (!created.ok) throw new Error(created.error.message);
      expect(await shell.invoke('run.start', { runId: created.value.runId })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/simulator-worker\.cjs/) } });
    } finally {
      fs.renameSync(`${worker}.away`, worker);
    }
  });

  it('ignores PACER_USER_DATA_DIR in an installed app: it keeps its own data folder', async () => {
    const override = userDataDir();
    const own = userDataDir();
    const shell = new Shell(override, { env: { FAKE_ELECTRON_PACKAGED: '1', PACER_DATA_DIR: own } });
    shells.push(shell);
    await shell.waitFor('loadURL');
    const info = await shell.invoke<{ dataDir: string }>('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { dataDir: own } });
    expect(fs.readdirSync(override)).toEqual([]);
    expect(shell.stderr).toContain('PACER_USER_DATA_DIR is ignored by an installed app');
  });

  it('shows the store error and quits when another Pacer holds the data folder', async () => {
    const userData = userDataDir();
    await boot(userData);
    const second = new Shell(userData);
    shells.push(second);
    const box = await second.waitFor('errorBox');
    expect(box.title).toBe('Pacer cannot open its data');
    expect(box.message).toMatch(/another Pacer|in use|locked/i);
    expect(await second.exited).toBe(1);
  });
});
