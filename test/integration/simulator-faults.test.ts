import { afterEach, describe, expect, it } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError, APIError, InternalServerError } from 'openai';
import type { RunningSimulator } from '../../electron/providers/simulator/index.ts';
import { successesByPrompt } from '../../electron/providers/simulator/stats.ts';
import { chat, closeAll, eventually, rejection, sdk, simulator } from './simulator-support.ts';

afterEach(closeAll);

/** The benchmark's setting: no limits, no latency. */
const BARE = { rpm: null, tpm: null, latency: { firstTokenMs: 0, jitterMs: 0, tokensPerSecond: Infinity } } as const;

/** What happened to each of `count` sequential requests: 'ok' or the HTTP status / error class. */
async function outcomes(sim: RunningSimulator, count: number): Promise<string[]> {
  const client = sdk(sim, 'sk-test-key', 300);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    try {
      await client.chat.completions.create(chat(`topic ${i}`, { max_tokens: 8 }));
      out.push('ok');
    } catch (error) {
      out.push(error instanceof APIError && error.status !== undefined ? String(error.status) : (error as Error).constructor.name);
    }
  }
  return out;
}

describe('simulator faults', () => {
  it('injects the same faults into the same requests for the same seed', async () => {
    const faults = { serverErrorRate: 0.1, overloadRate: 0.05, dropRate: 0.05 };
    const first = await outcomes(await simulator({ ...BARE, seed: 42, faults }), 200);
    const again = await outcomes(await simulator({ ...BARE, seed: 42, faults }), 200);
    const other = await outcomes(await simulator({ ...BARE, seed: 43, faults }), 200);

    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const count = (what: string) => first.filter((o) => o === what).length;
    // 200 draws at 10 % / 5 % / 5 %: well inside these bounds for any seed.
    expect(count('500')).toBeGreaterThan(5);
    expect(count('500')).toBeLessThan(40);
    expect(count('503')).toBeGreaterThan(0);
    expect(count('APIConnectionError')).toBeGreaterThan(0);
    expect(count('ok')).toBe(200 - count('500') - count('503') - count('APIConnectionError'));
  });

  it('sends OpenAI server error bodies for 500 and 503, with rate-limit headers (budget was used)', async () => {
    const sim = await simulator({ faults: { serverErrorRate: 1 } });
    const error = (await rejection(sdk(sim).chat.completions.create(chat('a')))) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(500);
    expect(error.error).toEqual({ message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null });
    expect(error.headers?.get('x-ratelimit-remaining-requests')).toBe('499');

    sim.update({ faults: { serverErrorRate: 0, overloadRate: 1 } });
    const overload = (await rejection(sdk(sim).chat.completions.create(chat('a')))) as APIError;
    expect(overload.status).toBe(503);
    expect(overload.message).toContain('The engine is currently overloaded');
    expect(sim.stats().serverErrors).toBe(2);
  });

  it('hangs until the client times out, and close() ends hung requests at once', async () => {
    const sim = await simulator({ faults: { hangRate: 1 } });
    const timedOut = await rejection(sdk(sim, 'sk-test-key', 150).chat.completions.create(chat('a')));
    expect(timedOut).toBeInstanceOf(APIConnectionTimeoutError);

    // A second hung request with no client timeout: only close() can end it.
    const pending = rejection(sdk(sim, 'sk-test-key', 600_000).chat.completions.create(chat('b')));
    await eventually(() => sim.stats().hangs === 2);
    const started = Date.now();
    await sim.close();
    expect(await pending).toBeInstanceOf(APIConnectionError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sim.stats()).toMatchObject({ hangs: 2, inFlight: 0, succeeded: 0 });
  });

  it('cuts a stream after some chunks: the SDK iteration throws TypeError "terminated"', async () => {
    const sim = await simulator({ faults: { dropRate: 1 }, latency: { firstTokenMs: 1, jitterMs: 0, tokensPerSecond: 5_000 } });
    const { data: stream, response } = await sdk(sim)
      .chat.completions.create({ ...chat('a', { max_tokens: 100 }), stream: true, stream_options: { include_usage: true } })
      .withResponse();
    expect(response.status).toBe(200);
    let text = '';
    let finished = false;
    const error = await rejection(
      (async () => {
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta.content ?? '';
          if (chunk.choices[0]?.finish_reason) finished = true;
        }
      })(),
    );
    // Undici's body error, not an OpenAI error class: the cause is the socket closing.
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('terminated');
    expect(((error as Error).cause as { code?: string }).code).toBe('UND_ERR_SOCKET');
    expect(text.startsWith('# ')).toBe(true);
    expect(finished).toBe(false);
    expect(sim.stats()).toMatchObject({ drops: 1, succeeded: 0 });
  });

  /** Streams one reply through the SDK; what arrived, whether it finished, and how it ended. */
  async function streamOnce(sim: RunningSimulator, timeout = 10_000): Promise<{ text: string; finished: boolean; done: boolean; error: unknown }> {
    const stream = await sdk(sim, 'sk-test-key', timeout).chat.completions.create({ ...chat('a', { max_tokens: 100 }), stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finished = false;
    try {
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.choices[0]?.finish_reason) finished = true;
      }
      return { text, finished, done: true, error: undefined };
    } catch (error) {
      return { text, finished, done: false, error };
    }
  }

  it('truncates a stream after a whole frame and ends it cleanly: the SDK iteration ends quietly, with no finish_reason', async () => {
    const sim = await simulator({ faults: { truncateRate: 1 }, latency: { firstTokenMs: 1, jitterMs: 0, tokensPerSecond: 5_000 } });
    const reply = await streamOnce(sim);
    // Nothing tells the caller the reply is short except the missing finish_reason (and [DONE]).
    expect(reply).toMatchObject({ done: true, finished: false, error: undefined });
    expect(reply.text.startsWith('# ')).toBe(true);
    expect(sim.stats()).toMatchObject({ truncations: 1, succeeded: 0, drops: 0 });
  });

  it('resets the connection mid-stream: the SDK iteration throws with ECONNRESET underneath', async () => {
    const sim = await simulator({ faults: { resetRate: 1 }, latency: { firstTokenMs: 1, jitterMs: 0, tokensPerSecond: 5_000 } });
    const reply = await streamOnce(sim);
    expect(reply).toMatchObject({ done: false, finished: false });
    expect(reply.error).toBeInstanceOf(TypeError);
    expect(((reply.error as Error).cause as { code?: string }).code).toBe('ECONNRESET');
    expect(reply.text.startsWith('# ')).toBe(true);
    expect(sim.stats()).toMatchObject({ resets: 1, succeeded: 0 });
  });

  it('stalls a stream part way and holds the connection: only the client gives up', async () => {
    const sim = await simulator({ faults: { stallRate: 1 }, latency: { firstTokenMs: 1, jitterMs: 0, tokensPerSecond: 5_000 } });
    const stream = await sdk(sim).chat.completions.create({ ...chat('a', { max_tokens: 100 }), stream: true });
    let text = '';
    const reading = (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })();
    await eventually(() => sim.stats().stalls === 1 && text.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sim.stats().inFlight).toBe(1);
    stream.controller.abort();
    await reading.catch(() => undefined);
    await eventually(() => sim.stats().inFlight === 0);
    expect(sim.stats()).toMatchObject({ stalls: 1, succeeded: 0 });
  });

  it('cuts JSON replies short or resets them (the SDK fails at once) and stalls them (only its timeout ends it)', async () => {
    for (const faults of [{ truncateRate: 1 }, { resetRate: 1 }, { stallRate: 1 }]) {
      const sim = await simulator({ faults });
      const error = await rejection(sdk(sim, 'sk-test-key', 1_000).chat.completions.create(chat('a')));
      if (faults.stallRate) expect(error).toBeInstanceOf(APIConnectionTimeoutError);
      else expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
      expect(sim.stats().succeeded).toBe(0);
    }
  });

  it('cuts a JSON reply before it is sent: the SDK throws APIConnectionError', async () => {
    const sim = await simulator({ faults: { dropRate: 1 } });
    const error = await rejection(sdk(sim).chat.completions.create(chat('a')));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
  });
});

describe('simulator stats', () => {
  it('counts every outcome and full successes per prompt', async () => {
    const sim = await simulator({ rpm: 6, tpm: null, burstSeconds: 20, apiKeys: ['sk-test-key'], trackPrompts: true });
    const client = sdk(sim);
    await client.chat.completions.create(chat('alpha'));
    for await (const chunk of await client.chat.completions.create({ ...chat('beta'), stream: true })) expect(chunk).toBeTruthy();
    await rejection(client.chat.completions.create(chat('alpha')));
    await rejection(sdk(sim, 'sk-bad-key-000000').chat.completions.create(chat('alpha')));
    await rejection(client.chat.completions.create(chat('alpha', { model: 'nope' })));
    sim.update({ rpm: null });
    await client.chat.completions.create({ ...chat('alpha'), messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'alpha' }] });

    await eventually(() => sim.stats().inFlight === 0);
    const stats = sim.stats();
    expect(stats).toMatchObject({ requests: 6, succeeded: 3, rateLimited: 1, authErrors: 1, badRequests: 1, quotaErrors: 0, serverErrors: 0, hangs: 0, drops: 0 });
    expect([...successesByPrompt(stats)]).toEqual([
      ['alpha', 2],
      ['beta', 1],
    ]);
  });

  it('keeps no per-prompt counts unless asked to, so a long-lived simulator does not grow with every prompt', async () => {
    const sim = await simulator({ rpm: null, tpm: null });
    for (let i = 0; i < 3; i++) await sdk(sim).chat.completions.create(chat(`prompt ${i}`));
    expect(sim.stats()).toMatchObject({ succeeded: 3, successesByPrompt: null });
    expect(() => successesByPrompt(sim.stats())).toThrow('start it with trackPrompts: true');
  });

  it('reports requests in flight while they are being answered', async () => {
    const sim = await simulator({ latency: { firstTokenMs: 200, jitterMs: 0, tokensPerSecond: 1_000 } });
    const replies = Promise.all([0, 1, 2].map((i) => sdk(sim).chat.completions.create(chat(`p${i}`))));
    await eventually(() => sim.stats().inFlight === 3);
    await replies;
    await eventually(() => sim.stats().inFlight === 0);
    expect(sim.stats().succeeded).toBe(3);
  });
});
