import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/app/memory-secret-store.ts';
import { REDACTED } from '../../../electron/secrets/secret-redactor.ts';
import { AppHarness, SETTINGS, inputs } from './app-fixture.ts';

const KEY = 'sk-test-5f1c9e0a7b3d4c2e8f6a1b0c9d8e7f6a';

/** A provider that rejects every key and quotes it back in full, as a careless self-hosted server might. */
async function echoingServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${req.headers.authorization}`, type: 'invalid_request_error', code: 'invalid_api_key' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

let h: AppHarness | undefined;
let server: Server | undefined;
afterEach(async () => {
  await h?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  h = undefined;
  server = undefined;
});

describe('MemorySecretStore', () => {
  it('keeps a key set in the UI in memory, with a warning, over the environment’s', () => {
    const store = new MemorySecretStore({ OPENAI_API_KEY: ' sk-from-the-environment ' });
    expect(store.status()).toEqual({ set: true, storage: 'environment' });
    expect(store.get()).toBe('sk-from-the-environment');
    expect(store.set(KEY)).toEqual({ set: true, storage: 'memory', warning: expect.stringContaining('forgotten when the Pacer web host stops') });
    expect(store.get()).toBe(KEY);
    expect(store.clear()).toEqual({ set: true, storage: 'environment' });
    expect(new MemorySecretStore({}).status()).toEqual({ set: false, storage: 'none' });
  });
});

describe('the API key never leaves the app', () => {
  it('is in no answer, event or log line, even when the provider quotes it back', async () => {
    h = await AppHarness.open();
    const echo = await echoingServer();
    server = echo.server;
    const seen: unknown[] = [];
    const record = async (name: Parameters<AppHarness['app']['dispatch']>[0], request: unknown) => {
      const result = await h!.app.dispatch(name, request);
      seen.push(result);
      return result;
    };

    expect(await record('key.set', { apiKey: KEY })).toEqual({ ok: true, value: expect.objectContaining({ set: true, storage: 'memory' }) });
    await record('settings.save', { settings: { ...SETTINGS, provider: { kind: 'openai', baseURL: echo.url } }, outDir: null });
    const created = await record('run.create', { settings: { ...SETTINGS, provider: { kind: 'openai', baseURL: echo.url } }, inputs: inputs('A', 'B'), outDir: null });
    const runId = (created as { value: { runId: string } }).value.runId;
    await record('run.start', { runId });
    const finished = await h.runFinished(runId);
    expect(finished).toMatchObject({ outcome: 'stopped', error: { message: expect.stringContaining(REDACTED) } });

    for (const [name, request] of [
      ['app.info', {}],
      ['settings.load', {}],
      ['runs.list', {}],
      ['run.open', { runId }],
      ['task.attempts', { runId, taskId: '0' }],
      ['task.article', { runId, taskId: '0' }],
      ['run.estimate', { settings: SETTINGS, inputs: inputs('A') }],
      ['run.start', { runId: KEY }], // an error that quotes what it was given
      ['key.clear', {}],
    ] as const) {
      await record(name, request);
    }
    const everything = JSON.stringify({ seen, deliveries: h.deliveries, logs: h.logs });
    expect(everything).toContain(REDACTED); // the provider's echo was there, and was removed
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(KEY.slice(3)); // nor the key without its prefix
  });

  it('is removed from an unexpected error’s message too', async () => {
    h = await AppHarness.open({
      secrets: new MemorySecretStore({ OPENAI_API_KEY: KEY }),
      transport: 'electron',
      dialogs: {
        chooseFolder: async () => {
          throw new Error(`keychain said: ${KEY}`);
        },
        openTopicsFile: async () => null,
        openFolder: async () => undefined,
      },
    });
    const result = await h.app.dispatch('dialog.chooseFolder', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: `keychain said: ${REDACTED}` } });
  });
});
