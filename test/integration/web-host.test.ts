import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/domain/run-records.ts';
import type { AppInfo } from '../../shared/ipc/contract.ts';
import { MemorySecretStore } from '../../electron/app/memory-secret-store.ts';
import { PacerApp } from '../../electron/app/pacer-app.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { successesByPrompt } from '../../electron/providers/simulator/stats.ts';
import { startWebHost } from '../../electron/web-host/start-web-host.ts';
import type { WebHost } from '../../electron/web-host/start-web-host.ts';
import { SocketClient, openSocket, rawGet } from './web-host-client.ts';

const FAST = { latency: { firstTokenMs: 5, jitterMs: 5, tokensPerSecond: 100_000 }, rpm: null, tpm: null };
const SETTINGS = { promptTemplate: 'Write about {{topic}}', maxTokens: 30, rpm: 100_000, tpm: 100_000_000, workers: 2 };
const inputs = (count: number) => Array.from({ length: count }, (_, index) => ({ index, topic: `Topic ${index}`, vars: {} }));

let dir: string;
let staticDir: string;
let dataDir: string;
const cleanups: (() => Promise<unknown>)[] = [];

async function start(token?: string): Promise<{ app: PacerApp; host: WebHost }> {
  const app = await PacerApp.open({ dataDir, secrets: new MemorySecretStore({}), transport: 'web', version: '0.0.0-test', simulator: FAST, log: () => undefined });
  const host = await startWebHost({ app, staticDir, port: 0, ...(token && { token }) });
  cleanups.push(async () => {
    await app.close();
    await host.close();
  });
  return { app, host };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-web-'));
  staticDir = join(dir, 'static');
  dataDir = join(dir, 'data');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Pacer</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("pacer")');
  writeFileSync(join(dir, 'secret.txt'), 'not for the web');
  symlinkSync(join(dir, 'secret.txt'), join(staticDir, 'assets', 'link.txt'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('web host: HTTP', () => {
  it('serves the page and its files with a strict CSP and the security headers', async () => {
    const { host } = await start();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    const cookie = `pacer-token-${host.port}=${host.token}`;
    const page = await rawGet(host.port, '/', { cookie });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Pacer</title>');
    expect(page.headers['content-security-policy']).toContain(`default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(page.headers['content-security-policy']).toContain("object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const script = await rawGet(host.port, '/assets/app.js', { cookie });
    expect([script.status, script.headers['content-type'], script.body]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log("pacer")']);
    const missing = await rawGet(host.port, '/nope.js', { cookie });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-security-policy']).toBeDefined();
    expect((await rawGet(host.port, '/', { method: 'POST' })).status).toBe(405);
    expect((await rawGet(host.port, '/', { method: 'HEAD', cookie })).status).toBe(200);
  });

  it('trades the printed URL’s token for an HttpOnly, SameSite=Strict cookie and takes it out of the address', async () => {
    const { host } = await start();
    const first = await rawGet(host.port, `/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']).toEqual([`pacer-token-${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`]);
    expect((await rawGet(host.port, `/?token=${host.token}&x=1`)).headers.location).toBe('/?x=1');
    // The cookie is what opens the page, its files, the session check and the socket.
    const cookie = `other=1; pacer-token-${host.port}=${host.token}`;
    expect((await rawGet(host.port, '/session', { cookie })).status).toBe(204);
    const ws = await openSocket(host.port, { token: null, cookie });
    ws.close();
  });

  it('without the token or cookie, or with a stale one, says how to get the link again instead of serving the app', async () => {
    const { host } = await start();
    const bare = await rawGet(host.port, '/');
    expect(bare.status).toBe(401);
    expect(bare.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(bare.body).toContain('This address has no access token');
    expect(bare.body).toContain('npm run web');
    expect(bare.body).not.toContain('<script');
    expect((await rawGet(host.port, '/assets/app.js')).status).toBe(401);
    const stale = `pacer-token-${host.port}=${'0'.repeat(64)}`;
    const old = await rawGet(host.port, '/', { cookie: stale });
    expect(old.status).toBe(401);
    expect(old.body).toContain('from an earlier start of the web host');
    expect((await rawGet(host.port, '/?token=wrong')).status).toBe(401);
    const session = await rawGet(host.port, '/session', { cookie: stale });
    expect([session.status, JSON.parse(session.body)]).toEqual([401, { reason: 'wrong' }]);
    await expect(openSocket(host.port, { token: null, cookie: stale })).rejects.toThrow('refused with 403');
  });

  it('refuses a token shorter than 32 characters', async () => {
    const app = await PacerApp.open({ dataDir, secrets: new MemorySecretStore({}), transport: 'web', version: '0.0.0-test', log: () => undefined });
    try {
      await expect(startWebHost({ app, staticDir, token: 'short-token' })).rejects.toThrow('The web token (PACER_WEB_TOKEN) must be at least 32 characters, got 11');
    } finally {
      await app.close();
    }
  });

  it('refuses every way out of the static folder, and foreign Host headers', async () => {
    const { host } = await start();
    const cookie = `pacer-token-${host.port}=${host.token}`;
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2E%2E/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '//etc/passwd', `/${encodeURIComponent(join(dir, 'secret.txt'))}`, '/C:/secret.txt', '/assets/link.txt', '/assets/', '/%E0%A4%A']) {
      const response = await rawGet(host.port, path, { cookie });
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.body).not.toContain('not for the web');
    }
    expect((await rawGet(host.port, '/', { host: `evil.example:${host.port}` })).status).toBe(403);
  });
});

describe('web host: the socket', () => {
  it('refuses a socket without the token, with a wrong one, from another origin, or under another Host', async () => {
    const { host } = await start();
    await expect(openSocket(host.port, { token: null })).rejects.toThrow('refused with 403');
    // One character off (a token that already ends in 0 must not be "changed" to itself).
    const wrong = `${host.token.slice(0, -1)}${host.token.endsWith('0') ? '1' : '0'}`;
    await expect(openSocket(host.port, { token: wrong })).rejects.toThrow('refused with 403');
    await expect(openSocket(host.port, { token: host.token, origin: 'http://evil.example' })).rejects.toThrow('refused with 403');
    await expect(openSocket(host.port, { token: host.token, origin: `http://127.0.0.1:${host.port + 1}` })).rejects.toThrow('refused with 403');
    await expect(openSocket(host.port, { token: host.token, origin: null })).rejects.toThrow('refused with 403');
    await expect(openSocket(host.port, { token: host.token, host: `evil.example:${host.port}` })).rejects.toThrow('refused with 403');
    await expect(openSocket(host.port, { token: host.token, path: '/other' })).rejects.toThrow('refused with 404');
    const ws = await openSocket(host.port, { token: host.token, origin: `http://localhost:${host.port}` });
    ws.close();
  });

  it('answers calls by id, including the guard’s errors, and closes on malformed JSON', async () => {
    const { host } = await start('fixed-test-token-0123456789abcdef');
    expect(host.token).toBe('fixed-test-token-0123456789abcdef');
    const client = await SocketClient.connect(host.port, host.token);
    const [info, unknown, invalid] = await Promise.all([client.call('app.info', {}), client.call('run.fly', {}), client.call('run.open', {})]);
    expect(info).toMatchObject({ ok: true, value: { transport: 'web', dataDir, key: { set: false } } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('runId: missing') } });
    client.ws.send('{"kind": "call", ');
    expect(await client.closed).toEqual({ code: 1003, reason: 'Malformed JSON' });
  });

  it('runs a small run, its events arriving over the socket in batches without the text', async () => {
    const { host } = await start();
    const client = await SocketClient.connect(host.port, host.token);
    const { runId } = await client.value<{ runId: string }>('run.create', { settings: SETTINGS, inputs: inputs(5), outDir: null });
    expect(await client.value('run.start', { runId })).toBeNull();
    expect(await client.runFinished(runId)).toMatchObject({ outcome: 'completed', counts: { done: 5 } });
    const done = client.wireEvents().filter((e) => e.type === 'task.done');
    expect(done).toHaveLength(5);
    expect(done.every((e) => !('text' in e))).toBe(true);
    expect(client.events.filter((e) => e.name === 'runs.changed').length).toBeGreaterThanOrEqual(2);
    expect(client.events.filter((e) => e.name === 'service.events').length).toBeLessThan(client.wireEvents().length);
    expect((await client.value<{ text: string }>('task.article', { runId, taskId: '4' })).text.length).toBeGreaterThan(0);
  });
});

describe('web host: restart mid-run', () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    // Replies that take a while, so the run is still going when the host stops.
    sim = await startSimulator({ seed: 3, rpm: null, tpm: null, latency: { firstTokenMs: 30, jitterMs: 10, tokensPerSecond: 400 }, trackPrompts: true });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('cancels the run on close, stores it, and a new host resumes it: every task done exactly once', async () => {
    const settings = { ...SETTINGS, provider: { kind: 'openai', baseURL: sim.url } };
    const first = await start();
    const client = await SocketClient.connect(first.host.port, first.host.token);
    const { runId } = await client.value<{ runId: string }>('run.create', { settings, inputs: inputs(12), outDir: null });
    await client.value('run.start', { runId });
    await client.waitFor(() => (client.wireEvents().filter((e) => e.type === 'task.done').length >= 2 ? true : undefined), 'two tasks done');
    // Close while both workers wait on requests that will never answer: a reply the server
    // completes as the cancel lands would count as a success the client never saw (it may be
    // billed, and is sent again), which is real, but not what this test checks.
    sim.update({ faults: { hangRate: 1 } });
    await expect.poll(() => sim.stats().hangs, { timeout: 10_000 }).toBe(SETTINGS.workers);

    await first.app.close();
    await first.host.close();
    expect(await client.closed).toMatchObject({ code: 1001 });
    // The open tab heard how the run ended before its socket closed.
    expect(client.wireEvents().at(-1)).toMatchObject({ type: 'run.finished', outcome: 'cancelled' });

    sim.update({ faults: { hangRate: 0 }, latency: { firstTokenMs: 2, jitterMs: 2, tokensPerSecond: 100_000 } });
    const second = await start();
    const again = await SocketClient.connect(second.host.port, second.host.token);
    const [listed] = await again.value<RunSummary[]>('runs.list', {});
    expect(listed).toMatchObject({ id: runId, status: 'cancelled' });
    expect(listed!.counts.done).toBeGreaterThanOrEqual(2);
    expect(listed!.counts.done).toBeLessThan(12);

    await again.value('run.start', { runId });
    expect(await again.runFinished(runId)).toMatchObject({ outcome: 'completed', counts: { done: 12 } });
    const successes = successesByPrompt(sim.stats());
    expect([...successes.keys()].sort()).toEqual(inputs(12).map((i) => `Write about ${i.topic}`).sort());
    expect([...successes.values()].every((count) => count === 1)).toBe(true);
  });
});

describe('web host: main.ts', () => {
  const main = join(import.meta.dirname, '../../electron/web-host/main.ts');

  it('prints the one URL line, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [main], { env: { ...process.env, PACER_PORT: '0', PACER_DATA_DIR: dataDir, PACER_WEB_TOKEN: 'main-test-token-abcdef0123456789' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve) => lines.once('line', resolve));
    const match = /^Pacer web UI: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=main-test-token-abcdef0123456789)$/.exec(first);
    expect(match, first).not.toBeNull();
    const client = await SocketClient.connect(Number(match![2]), 'main-test-token-abcdef0123456789');
    expect(await client.value<AppInfo>('app.info', {})).toMatchObject({ transport: 'web', version: expect.any(String), dataDir });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('exits 2 when PACER_WEB_TOKEN is shorter than 32 characters, saying so', async () => {
    const child = spawn(process.execPath, [main], { env: { ...process.env, PACER_PORT: '0', PACER_DATA_DIR: dataDir, PACER_WEB_TOKEN: 'guessable' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
    expect(stderr).toContain('The web token (PACER_WEB_TOKEN) must be at least 32 characters, got 9');
  });

  it('exits 2 with the store’s message when the data folder is in use', async () => {
    await start(); // holds the data folder's lock
    const child = spawn(process.execPath, [main], { env: { ...process.env, PACER_PORT: '0', PACER_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/another Pacer|in use|locked/i);
  });
});
