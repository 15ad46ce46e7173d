import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KeyPoolStatus, SharedQuotaSettings } from '../../shared/ipc/contract.ts';
import { REDIS_PASSWORD_MASK } from '../../shared/redis-url.ts';
import { MemorySecretStore } from '../../electron/app/memory-secret-store.ts';
import { PacerApp } from '../../electron/app/pacer-app.ts';
import { SETTINGS_FILE_NAME } from '../../electron/app/settings-file.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startWebHost } from '../../electron/web-host/start-web-host.ts';
import { RedisServer } from '../support/redis-server.ts';
import { SocketClient } from './web-host-client.ts';

const KEY_A = 'sk-team-pool-aaaaaaaaaaaaaaaa-A1b2';
const KEY_B = 'sk-team-pool-bbbbbbbbbbbbbbbb-C3d4';
const inputs = (count: number) => Array.from({ length: count }, (_, index) => ({ index, topic: `Topic ${index}`, vars: {} }));

let dir: string;
let dataDir: string;
let redis: RedisServer;
let sim: RunningSimulator;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis.stop();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-team-settings-'));
  dataDir = join(dir, 'data');
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>Pacer</title>');
  // Only the pool's keys open this server: a run that finishes sent with them.
  sim = await startSimulator({ seed: 4, rpm: 600, tpm: null, apiKeys: [KEY_A, KEY_B], latency: { firstTokenMs: 5, jitterMs: 5, tokensPerSecond: 100_000 } });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The web host as a browser tab meets it, and every message it sends, as raw text. */
async function connect(): Promise<{ client: SocketClient; received: string[]; another: () => Promise<SocketClient> }> {
  const app = await PacerApp.open({ dataDir, secrets: new MemorySecretStore({}), transport: 'web', version: '0.0.0-test', log: () => undefined });
  const host = await startWebHost({ app, staticDir: join(dir, 'static'), port: 0 });
  cleanups.push(async () => {
    await app.close();
    await host.close();
  });
  const client = await SocketClient.connect(host.port, host.token);
  const received: string[] = [];
  client.ws.on('message', (data) => received.push(String(data)));
  const another = async () => {
    const tab = await SocketClient.connect(host.port, host.token);
    cleanups.push(async () => tab.ws.close());
    return tab;
  };
  return { client, received, another };
}

describe('the shared quota and the key pool, through the web host', () => {
  it('keeps them, uses them on the next run, and never sends a key to the page', async () => {
    const { client, received } = await connect();

    const bad = await client.call('sharedQuota.save', { redisUrl: 'http://127.0.0.1:6379' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('The shared quota must be a redis:// or rediss:// URL with a host') } });
    expect(await client.value<SharedQuotaSettings>('sharedQuota.load', {})).toEqual({ redisUrl: null });
    expect(await client.value<SharedQuotaSettings>('sharedQuota.save', { redisUrl: ` ${redis.url} ` })).toEqual({ redisUrl: redis.url });
    expect(JSON.parse(readFileSync(join(dataDir, SETTINGS_FILE_NAME), 'utf8'))).toMatchObject({ redisUrl: redis.url });

    await client.value('keyPool.add', { apiKey: KEY_A, label: 'team-a' });
    const pool = await client.value<KeyPoolStatus>('keyPool.add', { apiKey: ` ${KEY_B} `, rpm: 600 });
    expect(pool.keys).toEqual([
      { id: expect.any(String), label: 'team-a', lastFour: 'A1b2', rpm: null, tpm: null },
      { id: expect.any(String), label: 'key2', lastFour: 'C3d4', rpm: 600, tpm: null },
    ]);
    expect(pool.storage).toBe('memory');
    const again = await client.call('keyPool.add', { apiKey: KEY_A });
    expect(again).toMatchObject({ ok: false, error: { code: 'key_pool', message: 'The key ending in A1b2 is already in the pool.' } });
    expect(await client.call('keyPool.add', { apiKey: 'sk-two keys' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('has no spaces') } });

    // No key was set on its own: only the pool can open this server.
    const settings = { provider: { kind: 'openai', baseURL: sim.url }, promptTemplate: 'Write about {{topic}}', maxTokens: 20, rpm: 600, workers: 2 };
    const { runId } = await client.value<{ runId: string }>('run.create', { settings, inputs: inputs(8), outDir: null });
    await client.value('run.start', { runId });
    expect(await client.runFinished(runId)).toMatchObject({ outcome: 'completed', counts: { done: 8 } });
    const events = client.wireEvents();
    expect(events.filter((e) => e.type === 'quota.status')).toContainEqual(expect.objectContaining({ runId, mode: 'shared', members: 1, key: 'team-a (ends A1b2)' }));
    const limits = events.findLast((e) => e.type === 'run.limits' && e.keys !== undefined);
    expect(limits?.type === 'run.limits' && limits.keys?.map((k) => k.label)).toEqual(['team-a (ends A1b2)', 'key2 (ends C3d4)']);

    const removed = await client.value<KeyPoolStatus>('keyPool.remove', { id: pool.keys[0]!.id });
    expect(removed.keys.map((k) => k.lastFour)).toEqual(['C3d4']);
    expect(await client.call('keyPool.remove', { id: pool.keys[0]!.id })).toMatchObject({ ok: false, error: { code: 'key_pool' } });

    // No key, nor its part before the last four characters, nor a run from its middle reached the page.
    const everything = received.join('\n');
    expect(received.length).toBeGreaterThan(10);
    for (const key of [KEY_A, KEY_B]) for (const part of [key, key.slice(0, -4), key.slice(13, 29)]) expect(everything).not.toContain(part);
  });

  it('a tab that opens a going run late hears how its quota is shared at once, not at the next change', async () => {
    const { client, another } = await connect();
    await client.value('sharedQuota.save', { redisUrl: redis.url });
    await client.value('key.set', { apiKey: KEY_A });
    const settings = { provider: { kind: 'openai', baseURL: sim.url }, promptTemplate: 'Write about {{topic}}', maxTokens: 20, rpm: 60, workers: 1 };
    const { runId } = await client.value<{ runId: string }>('run.create', { settings, inputs: inputs(20), outDir: null });
    await client.value('run.start', { runId });
    await client.waitFor(() => client.wireEvents().find((e) => e.type === 'task.done' && e.runId === runId), 'a first article');
    const late = await another();
    expect(late.wireEvents().filter((e) => e.type === 'quota.status')).toEqual([]);
    await late.value('run.open', { runId });
    expect(await late.waitFor(() => late.wireEvents().find((e) => e.type === 'quota.status' && e.runId === runId), 'quota.status')).toMatchObject({ mode: 'shared', members: 1 });
    await client.value('run.cancel', { runId });
    await client.runFinished(runId);
  });

  it('never sends the Redis password to the page: it sees a mask, and the mask sent back keeps the password', async () => {
    const { client } = await connect();
    const withPassword = 'rediss://team:p4ss-w0rd@cache.example.net:6380/2';
    const shown = `rediss://team:${REDIS_PASSWORD_MASK}@cache.example.net:6380/2`;
    expect(await client.value<SharedQuotaSettings>('sharedQuota.save', { redisUrl: withPassword })).toEqual({ redisUrl: shown });
    expect(await client.value<SharedQuotaSettings>('sharedQuota.load', {})).toEqual({ redisUrl: shown });
    // The form saved again as shown (another field changed): the password stays, in main only.
    expect(await client.value<SharedQuotaSettings>('sharedQuota.save', { redisUrl: shown })).toEqual({ redisUrl: shown });
    expect(JSON.parse(readFileSync(join(dataDir, SETTINGS_FILE_NAME), 'utf8'))).toMatchObject({ redisUrl: withPassword });
    const elsewhere = await client.call('sharedQuota.save', { redisUrl: `rediss://team:${REDIS_PASSWORD_MASK}@other.example.net:6380/2` });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'shared_quota', message: expect.stringContaining('type the Redis password itself') } });
  });

  it('keeps the shared quota across a restart, in settings.json beside the form’s settings', async () => {
    const first = await connect();
    await first.client.value('settings.save', { settings: { model: 'gpt-4o' }, outDir: null });
    await first.client.value('sharedQuota.save', { redisUrl: 'rediss://cache.example.net:6380/2' });
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();

    const second = await connect();
    expect(await second.client.value<SharedQuotaSettings>('sharedQuota.load', {})).toEqual({ redisUrl: 'rediss://cache.example.net:6380/2' });
    expect(await second.client.value('settings.load', {})).toMatchObject({ settings: { model: 'gpt-4o' } });
    expect(await second.client.value<SharedQuotaSettings>('sharedQuota.save', { redisUrl: null })).toEqual({ redisUrl: null });
    expect(await second.client.value('settings.load', {})).toMatchObject({ settings: { model: 'gpt-4o' } });
  });
});
