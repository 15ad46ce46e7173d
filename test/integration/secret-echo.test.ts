import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/domain/run-records.ts';
import { MemorySecretStore } from '../../electron/app/memory-secret-store.ts';
import { PacerApp } from '../../electron/app/pacer-app.ts';
import { REDACTED } from '../../electron/secrets/secret-redactor.ts';
import { startWebHost } from '../../electron/web-host/start-web-host.ts';
import { runCli } from '../support/cli-process.ts';
import type { CliResult } from '../support/cli-process.ts';
import { maskLikeOpenAI, startEchoingProvider } from '../support/echoing-provider.ts';
import type { EchoingProvider } from '../support/echoing-provider.ts';
import { SocketClient } from './web-host-client.ts';

/**
 * A distinctive key, run against a server that echoes it in 401, 429 and 500 bodies, in headers
 * and in its articles (echoing-provider.ts): through the CLI as a child process, and through the
 * web host as the renderer talks to it. Afterwards not one byte of it, whole or masked, may be in
 * the data folder (database, WAL, lock, settings, everything), any export (Markdown, CSV, JSONL),
 * stdout, stderr, the logs, or anything the backend sent towards the renderer.
 */
const KEY = `sk-proj-${randomBytes(24).toString('hex')}Lk7Q`;
const NEEDLES = [
  KEY,
  KEY.slice('sk-proj-'.length), // without its prefix
  KEY.slice(8, 40), // a long stretch of its middle
  maskLikeOpenAI(KEY), // masked as the server echoes it
  `****${KEY.slice(-4)}`, // any masked form ending in its last four
  KEY.slice(0, 14), // the start of the key, beyond the vendor prefix
];
const SETTINGS = { maxTokens: 20, workers: 2, retry: { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 50 } };

let root: string;
let server: EchoingProvider;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-secret-echo-'));
  server = await startEchoingProvider();
});
afterAll(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every file under `dir`, read as bytes. */
function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { file, bytes: fs.readFileSync(file) };
    });
}

/** Where any needle occurs: `<where>: <needle>`; empty when the key is nowhere. */
function leaks(where: string, content: string | Buffer): string[] {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return NEEDLES.filter((needle) => bytes.includes(needle)).map((needle) => `${where}: ${needle}`);
}

function topicsFile(name: string, topics: string[]): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, topics.join('\n'));
  return file;
}

describe('the API key echoed by a server never leaves Pacer', () => {
  it('through the CLI: not in stdout, stderr, the data folder or the articles', async () => {
    server.mode = 'flaky';
    const data = path.join(root, 'cli-data');
    const out = path.join(root, 'cli-out');
    const env = { OPENAI_API_KEY: KEY };
    const common = ['--base-url', server.url, '--data', data, '--max-tokens', '20', '--workers', '2'];
    const results: [string, CliResult][] = [];
    const cli = async (what: string, args: string[], expectedCode: number) => {
      const result = await runCli(args, env, 60_000);
      results.push([what, result]);
      expect(result.code, `${what}:\n${result.stdout}\n${result.stderr}`).toBe(expectedCode);
      return result;
    };

    await cli('run --json (429, 500, then articles)', ['run', topicsFile('a.txt', ['Apples', 'Pears']), ...common, '--out', out, '--json'], 0);
    await cli('run (429, 500, then articles)', ['run', topicsFile('b.txt', ['Plums']), ...common, '--out', out], 0);
    server.mode = 'reject';
    const rejected = await cli('run --json (401)', ['run', topicsFile('c.txt', ['Figs', 'Dates']), ...common, '--out', out, '--json'], 3);
    const runId = /"runId":"([0-9a-f-]+)"/.exec(rejected.stdout)![1]!;
    await cli('resume (401)', ['resume', runId, '--data', data], 3);
    await cli('runs', ['runs', '--data', data], 0);
    await cli('runs --json', ['runs', '--data', data, '--json'], 0);
    await cli('export', ['export', runId.slice(0, 8), '--data', data, '--out', path.join(root, 'cli-export')], 0);

    // The test is not vacuous: the key reached the server, the server echoed it in each way, and Pacer saw the echoes.
    expect(server.authorizations).toContain(`Bearer ${KEY}`);
    expect(server.served).toMatchObject({ 200: 3, 401: expect.any(Number), 429: 3, 500: 3 });
    const printed = results.map(([, result]) => result.stdout + result.stderr).join('\n');
    expect(printed).toContain(REDACTED);
    expect(printed).toContain('The API key was rejected');

    const found = [
      ...results.flatMap(([what, result]) => [...leaks(`${what} stdout`, result.stdout), ...leaks(`${what} stderr`, result.stderr)]),
      ...[data, out, path.join(root, 'cli-export')].flatMap((dir) => filesUnder(dir).flatMap(({ file, bytes }) => leaks(file, bytes))),
    ];
    expect(found).toEqual([]);
    expect(filesUnder(out).filter(({ file }) => file.endsWith('.md'))).toHaveLength(3);
  }, 150_000);

  it('through the web host: not in a frame sent to the page, a log line, the data folder or any export format', async () => {
    server.mode = 'flaky';
    const dataDir = path.join(root, 'web-data');
    const staticDir = path.join(root, 'static');
    fs.mkdirSync(staticDir, { recursive: true });
    const logs: string[] = [];
    const app = await PacerApp.open({ dataDir, secrets: new MemorySecretStore({}), transport: 'web', version: '0.0.0-test', log: (line) => logs.push(line) });
    const host = await startWebHost({ app, staticDir, port: 0 });
    const client = await SocketClient.connect(host.port, host.token);
    const frames: string[] = [];
    client.ws.on('message', (data) => frames.push(String(data)));
    const exportDir = path.join(root, 'web-export');
    try {
      await client.value('key.set', { apiKey: KEY });
      const settings = { ...SETTINGS, provider: { kind: 'openai', baseURL: server.url } };
      await client.value('settings.save', { settings, outDir: null });
      const inputs = (...topics: string[]) => topics.map((topic, index) => ({ index, topic, vars: { topic } }));

      const { runId: done } = await client.value<{ runId: string }>('run.create', { settings, inputs: inputs('Cherries', 'Grapes'), outDir: null });
      await client.value('run.start', { runId: done });
      expect((await client.runFinished(done)).outcome).toBe('completed');

      server.mode = 'reject';
      const { runId: stopped } = await client.value<{ runId: string }>('run.create', { settings, inputs: inputs('Limes'), outDir: null });
      await client.value('run.start', { runId: stopped });
      expect(await client.runFinished(stopped)).toMatchObject({ outcome: 'stopped', error: { message: expect.stringContaining(REDACTED) } });

      for (const runId of [done, stopped]) {
        await client.value('run.open', { runId });
        await client.value('task.attempts', { runId, taskId: '0' });
      }
      await client.value('task.article', { runId: done, taskId: '0' });
      await client.value<RunSummary[]>('runs.list', {});
      await client.value('app.info', {});
      await client.value('settings.load', {});
      // The web host's folder browser hands out the handle an export names its folder by.
      const { folder } = await client.value<{ folder: { handle: string } }>('folder.browse', { path: exportDir });
      const report = await client.value<{ csv?: unknown; jsonl?: unknown }>('export.run', { runId: done, folder: folder.handle, formats: ['markdown', 'csv', 'jsonl'] });
      expect(report.csv).toBeDefined();
      expect(report.jsonl).toBeDefined();
      await client.value('export.run', { runId: stopped, folder: folder.handle, formats: ['csv', 'jsonl'] });
      await client.value('key.clear', {});
    } finally {
      client.ws.close();
      await app.close();
      await host.close();
    }

    expect(frames.join('\n')).toContain(REDACTED);
    const found = [
      ...frames.flatMap((frame, i) => leaks(`frame ${i}`, frame)),
      ...logs.flatMap((line, i) => leaks(`log ${i}`, line)),
      ...[dataDir, exportDir].flatMap((dir) => filesUnder(dir).flatMap(({ file, bytes }) => leaks(file, bytes))),
    ];
    expect(found).toEqual([]);
    expect(filesUnder(exportDir).map(({ file }) => path.extname(file)).sort()).toEqual(['.csv', '.csv', '.jsonl', '.jsonl', '.md', '.md']);
  }, 60_000);
});
