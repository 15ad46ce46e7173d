import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { APIConnectionError } from 'openai';
import { ProviderPool } from '../../electron/providers/provider-pool.ts';
import type { ChatProvider } from '../../electron/providers/provider.ts';
import type { SimulatorInWorker } from '../../electron/providers/simulator/worker-host.ts';
import { startSimulatorInWorker } from '../../electron/providers/simulator/worker-host.ts';
import { chat, rejection, sdk } from './simulator-support.ts';

const FAST = { firstTokenMs: 1, jitterMs: 1, tokensPerSecond: 50_000 };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function inWorker(options: Parameters<typeof startSimulatorInWorker>[0]): Promise<SimulatorInWorker> {
  const sim = await startSimulatorInWorker(options);
  closers.push(() => sim.close());
  return sim;
}

function pool(options: ConstructorParameters<typeof ProviderPool>[0]): ProviderPool {
  const providers = new ProviderPool(options);
  closers.push(() => providers.close());
  return providers;
}

const ask = (provider: ChatProvider) =>
  provider.complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Write about tea.' }], maxTokens: 20, temperature: 1 }, { signal: new AbortController().signal, timeoutMs: 10_000 });

describe('the simulator in a worker thread', () => {
  it('serves on its own thread, changes live, refuses a bad change with its message, and ends its thread on close', async () => {
    const sim = await inWorker({ rpm: 60, tpm: null, latency: FAST });
    expect(sim.threadId).not.toBe(threadId);
    const client = sdk(sim);
    const { response } = await client.chat.completions.create(chat('a')).withResponse();
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('59');

    await sim.update({ rpm: 120, shape: { requests: { kind: 'window', seconds: 10 } } });
    const { response: after } = await client.chat.completions.create(chat('b')).withResponse();
    expect(after.headers.get('x-ratelimit-limit-requests')).toBe('120');
    expect(after.headers.get('x-ratelimit-remaining-requests')).toBe('19');
    await expect(sim.update({ rpm: -1 })).rejects.toThrow("Simulator option 'rpm' must be a positive number or null, got -1");

    await sim.close();
    expect(await rejection(client.chat.completions.create(chat('c')))).toBeInstanceOf(APIConnectionError);
    await expect(sim.update({ rpm: 1 })).rejects.toThrow(/worker thread ended/);
  });

  it('reports a start that fails with the simulator’s own message', async () => {
    await expect(startSimulatorInWorker({ host: '0.0.0.0' })).rejects.toThrow(/'host' must be a loopback address/);
  });
});

describe('ProviderPool and the built-in simulator', () => {
  it('starts the simulator in a worker on first use, with the changes made before it started', async () => {
    const providers = pool({ simulator: { rpm: 30, tpm: null, latency: FAST } });
    await providers.updateSimulator({ rpm: 90, shape: { requests: { kind: 'quantized', periodMs: 1000 } } });
    expect(providers.simulatorSettings()).toMatchObject({ rpm: 90, shape: { requests: { kind: 'quantized', periodMs: 1000 } } });
    const reply = await ask(await providers.get({ kind: 'simulator' }));
    expect(reply.headers['x-ratelimit-limit-requests']).toBe('90');
    // Quantized: whole-minute bucket headers.
    expect(reply.headers['x-ratelimit-remaining-requests']).toBe('89');
  });

  it('applies a change live to the running simulator, and a bad change changes nothing', async () => {
    const providers = pool({ simulator: { rpm: 30, tpm: null, latency: FAST } });
    const provider = await providers.get({ kind: 'simulator' });
    expect((await ask(provider)).headers['x-ratelimit-limit-requests']).toBe('30');
    await providers.updateSimulator({ rpm: 45 });
    expect((await ask(provider)).headers['x-ratelimit-limit-requests']).toBe('45');

    await expect(providers.updateSimulator({ rpm: 50, faults: { hangRate: 2 } })).rejects.toThrow("Simulator option 'faults.hangRate' must be a probability between 0 and 1, got 2");
    expect(providers.simulatorSettings()).toMatchObject({ rpm: 45, faults: { hangRate: 0 } });
    expect((await ask(provider)).headers['x-ratelimit-limit-requests']).toBe('45');
  });

  it('reports a simulator that cannot start, keeps a change made meanwhile, and starts with it once it can', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    const providers = pool({ simulator: { rpm: 30, tpm: null, latency: FAST, port } });
    await expect(providers.get({ kind: 'simulator' })).rejects.toThrow(/EADDRINUSE/);
    await providers.updateSimulator({ rpm: 7 });
    await new Promise((resolve) => blocker.close(resolve));
    const reply = await ask(await providers.get({ kind: 'simulator' }));
    expect(reply.headers['x-ratelimit-limit-requests']).toBe('7');
  });

  it('starts a new simulator after close, with the options in force', async () => {
    const providers = pool({ simulator: { rpm: 30, tpm: null, latency: FAST } });
    await ask(await providers.get({ kind: 'simulator' }));
    await providers.updateSimulator({ rpm: 40 });
    await providers.close();
    const reply = await ask(await providers.get({ kind: 'simulator' }));
    expect([reply.headers['x-ratelimit-limit-requests'], reply.headers['x-ratelimit-remaining-requests']]).toEqual(['40', '39']);
  });
});
