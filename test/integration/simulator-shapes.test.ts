import { afterEach, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { RateLimitError } from 'openai';
import type { SimulatorOptions } from '../../electron/providers/simulator/index.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { chat, closeAll, parseGoDuration, rejection, sdk, simulator } from './simulator-support.ts';

afterEach(closeAll);

/** 16 characters: 4 prompt tokens; with max_tokens 40 each request is charged 44 tokens. */
const PROMPT = 'Write about tea.';
/** On a 10 s boundary (so also on 1 s and 100 ms ones), plus 3 s: windows are aligned on the clock, not on the first request. */
const START = 1_700_000_000_000 + 3_000;

interface Outcome {
  readonly ok: boolean;
  readonly headers: Headers;
  readonly error?: RateLimitError;
}

/** One request through the SDK: its headers whether it was admitted or got a 429. */
async function send(client: OpenAI, maxTokens = 40): Promise<Outcome> {
  try {
    const { response } = await client.chat.completions.create(chat(PROMPT, { max_tokens: maxTokens })).withResponse();
    return { ok: true, headers: response.headers };
  } catch (error) {
    expect(error).toBeInstanceOf(RateLimitError);
    const limited = error as RateLimitError;
    return { ok: false, headers: limited.headers as Headers, error: limited };
  }
}

const h = (outcome: Outcome, name: string) => outcome.headers.get(name);

async function started(options: SimulatorOptions): Promise<{ clock: FakeClock; client: OpenAI }> {
  const clock = new FakeClock(START);
  const sim = await simulator({ ...options, clock });
  return { clock, client: sdk(sim) };
}

describe('fixed windows over HTTP', () => {
  it('admits limit × S / 60 per clock-aligned window; headers: the per-minute limit, what is left in the window, the time to its end', async () => {
    // 12 RPM in 10 s windows: 2 per window. The clock is 3 s into a window.
    const { clock, client } = await started({ rpm: 12, tpm: null, shape: { requests: { kind: 'window', seconds: 10 } } });
    const first = await send(client);
    expect([h(first, 'x-ratelimit-limit-requests'), h(first, 'x-ratelimit-remaining-requests'), h(first, 'x-ratelimit-reset-requests')]).toEqual(['12', '1', '7s']);
    const second = await send(client);
    expect(h(second, 'x-ratelimit-remaining-requests')).toBe('0');

    await clock.advance(2_500);
    const third = await send(client);
    expect(third.ok).toBe(false);
    expect(third.error?.type).toBe('requests');
    expect(third.error?.message).toContain('on requests per min (RPM): Limit 12, Used 2, Requested 1. Please try again in 4.5s.');
    expect([h(third, 'retry-after-ms'), h(third, 'retry-after'), h(third, 'x-ratelimit-reset-requests')]).toEqual(['4500', '5', '4.5s']);

    // Honouring the wait exactly gets in, one millisecond less does not.
    await clock.advance(4_499);
    expect((await send(client)).ok).toBe(false);
    await clock.advance(1);
    const next = await send(client);
    expect([next.ok, h(next, 'x-ratelimit-remaining-requests'), h(next, 'x-ratelimit-reset-requests')]).toEqual([true, '1', '10s']);
  });

  it('counts tokens per window too, with its own shape beside a bucket for requests', async () => {
    // 6,000 TPM in 1 s windows: 100 tokens each, so two 44-token requests; requests in a 60 s bucket.
    const { clock, client } = await started({ rpm: 600, tpm: 6_000, shape: { requests: { kind: 'bucket', burstSeconds: 60 }, tokens: { kind: 'window', seconds: 1 } } });
    expect(h(await send(client), 'x-ratelimit-remaining-tokens')).toBe('56');
    const second = await send(client);
    expect([h(second, 'x-ratelimit-remaining-tokens'), h(second, 'x-ratelimit-reset-tokens')]).toEqual(['12', '1s']);
    expect([h(second, 'x-ratelimit-remaining-requests'), h(second, 'x-ratelimit-reset-requests')]).toEqual(['598', '200ms']);
    await clock.advance(300);
    const third = await send(client);
    expect([third.ok, third.error?.type, h(third, 'retry-after-ms')]).toEqual([false, 'tokens', '700']);
    await clock.advance(700);
    expect((await send(client)).ok).toBe(true);
  });

  it('with strict charging a rejection uses the window it was sent in, and only that one', async () => {
    // Tokens (a 600-token bucket) reject the second request; the requests window (10 per 10 s) pays for it anyway.
    const { clock, client } = await started({ rpm: 60, tpm: 600, chargeRejected: true, shape: { requests: { kind: 'window', seconds: 10 } } });
    expect(h(await send(client, 400), 'x-ratelimit-remaining-requests')).toBe('9');
    const rejected = await send(client, 400);
    expect([rejected.ok, rejected.error?.type, h(rejected, 'x-ratelimit-remaining-requests')]).toEqual([false, 'tokens', '8']);
    // The token debt (2 × 404 − 600) plus this request's 404 refill at 10 per second: 61.2 s.
    expect(h(rejected, 'retry-after-ms')).toBe('61200');
    // In the next window the count starts again: this rejection is the only one charged to it.
    await clock.advance(7_000);
    const nextWindow = await send(client, 400);
    expect([nextWindow.ok, h(nextWindow, 'x-ratelimit-remaining-requests'), h(nextWindow, 'x-ratelimit-reset-requests')]).toEqual([false, '9', '10s']);
  });
});

describe('quantized enforcement over HTTP', () => {
  it('sends whole-minute bucket headers, but admits only limit/60 per second; the 429 says when the next second starts', async () => {
    // 120 RPM enforced per second: 2 per second.
    const { clock, client } = await started({ rpm: 120, tpm: null, shape: { requests: { kind: 'quantized', periodMs: 1000 } } });
    await clock.advance(400);
    const first = await send(client);
    expect([h(first, 'x-ratelimit-limit-requests'), h(first, 'x-ratelimit-remaining-requests'), h(first, 'x-ratelimit-reset-requests')]).toEqual(['120', '119', '500ms']);
    await send(client);
    const third = await send(client);
    // The headers still show 118 in hand: only the 429 tells of the sub-window.
    expect([third.ok, h(third, 'x-ratelimit-remaining-requests'), h(third, 'retry-after-ms'), h(third, 'retry-after')]).toEqual([false, '118', '600', '1']);
    await clock.advance(599);
    expect((await send(client)).ok).toBe(false);
    await clock.advance(1);
    expect((await send(client)).ok).toBe(true);
  });

  it('per 100 ms: a sub-window allows at least one request, and the minute bucket still binds', async () => {
    // 600 RPM per 100 ms: one per sub-window; the bucket holds 600, so only the sub-window binds at first.
    const { clock, client } = await started({ rpm: 600, tpm: null, shape: { requests: { kind: 'quantized', periodMs: 100 } } });
    expect((await send(client)).ok).toBe(true);
    const second = await send(client);
    expect([second.ok, h(second, 'retry-after-ms')]).toEqual([false, '100']);
    await clock.advance(100);
    expect((await send(client)).ok).toBe(true);

    // 6 RPM per 100 ms: a sub-window would pass one, but the minute bucket is what binds after six.
    const small = await started({ rpm: 6, tpm: null, shape: { requests: { kind: 'quantized', periodMs: 100 } } });
    for (let i = 0; i < 6; i++) {
      expect((await send(small.client)).ok).toBe(true);
      await small.clock.advance(100);
    }
    const empty = await send(small.client);
    // Six sent over 600 ms refilled 0.06 of a request: 9.4 s to go.
    expect([empty.ok, h(empty, 'retry-after-ms')]).toEqual([false, '9400']);
  });

  it('admits a request larger than the tokens sub-window allowance when the sub-window is empty', async () => {
    // 600 TPM per 100 ms: 1 token per sub-window, and each request is 44.
    const { clock, client } = await started({ rpm: null, tpm: 600, shape: { tokens: { kind: 'quantized', periodMs: 100 } } });
    expect((await send(client)).ok).toBe(true);
    const second = await send(client);
    expect([second.ok, second.error?.type, h(second, 'retry-after-ms')]).toEqual([false, 'tokens', '100']);
    await clock.advance(100);
    expect((await send(client)).ok).toBe(true);
  });

  it('with strict charging a sub-window rejection also drains the minute bucket', async () => {
    const { client } = await started({ rpm: 120, tpm: null, chargeRejected: true, shape: { requests: { kind: 'quantized', periodMs: 1000 } } });
    await send(client);
    await send(client);
    const rejected = await send(client);
    expect([rejected.ok, h(rejected, 'x-ratelimit-remaining-requests')]).toEqual([false, '117']);
  });
});

describe('every shape, strict or not: a client that honours retry-after-ms gets in on its next try', () => {
  const shapes: NonNullable<SimulatorOptions['shape']>['requests'][] = [
    { kind: 'bucket', burstSeconds: 60 },
    { kind: 'bucket', burstSeconds: 10 },
    { kind: 'window', seconds: 1 },
    { kind: 'window', seconds: 10 },
    { kind: 'quantized', periodMs: 1000 },
    { kind: 'quantized', periodMs: 100 },
  ];
  it.each(shapes.flatMap((shape) => [false, true].map((strict) => [`${JSON.stringify(shape)}${strict ? ', strict' : ''}`, shape, strict] as const)))('%s', async (_, shape, strict) => {
    const { clock, client } = await started({ rpm: 30, tpm: 3_000, chargeRejected: strict, shape: { requests: shape, tokens: shape } });
    let admitted = 0;
    let retriesAdmitted = 0;
    let rejected = 0;
    let retrying = false;
    while (admitted < 40) {
      const outcome = await send(client);
      if (outcome.ok) {
        admitted++;
        if (retrying) retriesAdmitted++;
        retrying = false;
        continue;
      }
      expect(retrying, 'a request sent after its full retry-after-ms was refused again').toBe(false);
      rejected++;
      retrying = true;
      await clock.advance(Number(h(outcome, 'retry-after-ms')));
    }
    expect(rejected).toBeGreaterThan(0);
    expect(retriesAdmitted).toBe(rejected);
  });
});

describe('shapes change live', () => {
  it('update() switches a dimension from a bucket to fixed windows, keeping the other', async () => {
    const clock = new FakeClock(START);
    const sim = await simulator({ rpm: 60, tpm: 60_000, clock });
    const client = sdk(sim);
    expect(h(await send(client), 'x-ratelimit-reset-requests')).toBe('1s');
    sim.update({ shape: { requests: { kind: 'window', seconds: 10 } } });
    const windowed = await send(client);
    expect([h(windowed, 'x-ratelimit-remaining-requests'), h(windowed, 'x-ratelimit-reset-requests')]).toEqual(['9', '7s']);
    expect(parseGoDuration(h(windowed, 'x-ratelimit-reset-tokens') ?? '')).toBe(88);
    expect(() => sim.update({ shape: { requests: { kind: 'window', seconds: 0 } } })).toThrow("'shape.requests.seconds' must be a whole number of seconds from 1 to 60, got 0");
  });

  it('refuses a bad shape at start with the value quoted', async () => {
    const error = await rejection(simulator({ shape: { tokens: { kind: 'quantized', periodMs: 10 as 100 } } }));
    expect((error as Error).message).toBe("Simulator option 'shape.tokens.periodMs' must be 1000 (per second) or 100 (per 100 ms), got 10");
  });
});
