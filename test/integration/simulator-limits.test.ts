import { afterEach, describe, expect, it } from 'vitest';
import { RateLimitError } from 'openai';
import { resolveOptions } from '../../electron/providers/simulator/options.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { chat, closeAll, parseGoDuration, rejection, sdk, simulator } from './simulator-support.ts';

afterEach(closeAll);

/** A 16-character prompt: 4 prompt tokens by OpenAI's chars/4 estimate. */
const PROMPT = 'Write about tea.';

async function rateLimitError(promise: Promise<unknown>): Promise<RateLimitError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(RateLimitError);
  return error as RateLimitError;
}

describe('simulator rate limits (buckets on an injected clock, so waits are exact)', () => {
  it('lets a burst of `capacity` requests through, then 429s with the exact refill wait', async () => {
    // rpm 6 over a 10 s burst window: capacity 1 request, refilling one every 10 s.
    const clock = new FakeClock();
    const sim = await simulator({ rpm: 6, tpm: null, burstSeconds: 10, clock });
    const client = sdk(sim);
    await client.chat.completions.create(chat(PROMPT));

    const error = await rateLimitError(client.chat.completions.create(chat(PROMPT)));
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.type).toBe('requests');
    expect(error.message).toContain('Rate limit reached for gpt-4o-mini in organization org-sim on requests per min (RPM): Limit 6, Used 1, Requested 1. Please try again in 10s.');
    expect(error.headers?.get('retry-after-ms')).toBe('10000');
    expect(error.headers?.get('retry-after')).toBe('10');
    expect(error.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(error.headers?.get('x-ratelimit-reset-requests')).toBe('10s');

    await clock.advance(9_000);
    const later = await rateLimitError(client.chat.completions.create(chat(PROMPT)));
    expect(later.headers?.get('retry-after-ms')).toBe('1000');
    expect(later.headers?.get('retry-after')).toBe('1');
    await clock.advance(1_000);
    await expect(client.chat.completions.create(chat(PROMPT))).resolves.toBeTruthy();
    expect(sim.stats()).toMatchObject({ requests: 4, succeeded: 2, rateLimited: 2 });
  });

  it('keeps separate buckets per API key', async () => {
    const sim = await simulator({ rpm: 6, tpm: null, burstSeconds: 10, clock: new FakeClock() });
    await sdk(sim, 'sk-one').chat.completions.create(chat(PROMPT));
    await rateLimitError(sdk(sim, 'sk-one').chat.completions.create(chat(PROMPT)));
    await expect(sdk(sim, 'sk-two').chat.completions.create(chat(PROMPT))).resolves.toBeTruthy();
  });

  it('charges prompt + max_tokens against TPM and 429s with type tokens when they do not fit', async () => {
    const clock = new FakeClock();
    // tpm 600 over 10 s: capacity 100 tokens, refilling 10 per second. Each request costs 4 + 40.
    const sim = await simulator({ rpm: null, tpm: 600, burstSeconds: 10, clock });
    const client = sdk(sim);
    const { response } = await client.chat.completions.create(chat(PROMPT, { max_tokens: 40 })).withResponse();
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBe('56');
    // Unused max_tokens are not refunded: the second request still finds 56 tokens.
    await client.chat.completions.create(chat(PROMPT, { max_tokens: 40 }));

    const error = await rateLimitError(client.chat.completions.create(chat(PROMPT, { max_tokens: 40 })));
    expect(error.type).toBe('tokens');
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.message).toContain('on tokens per min (TPM): Limit 600, Used 88, Requested 44. Please try again in 3.2s.');
    // 12 tokens left, 44 needed: 32 tokens at 10 per second.
    expect(error.headers?.get('retry-after-ms')).toBe('3200');
    expect(error.headers?.get('retry-after')).toBe('4');
    expect(parseGoDuration(error.headers?.get('x-ratelimit-reset-tokens') ?? '')).toBe(8_800);
  });

  it('answers a request larger than the whole TPM limit with "Request too large", no retry-after', async () => {
    const sim = await simulator({ rpm: null, tpm: 1_000 });
    const error = await rateLimitError(sdk(sim).chat.completions.create(chat(PROMPT, { max_tokens: 2_000 })));
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.type).toBe('tokens');
    expect(error.message).toContain(
      'Request too large for gpt-4o-mini in organization org-sim on tokens per min (TPM): Limit 1000, Requested 2004. The input or output tokens must be reduced in order to run successfully.',
    );
    expect(error.headers?.get('retry-after-ms')).toBeNull();
    expect(error.headers?.get('x-ratelimit-remaining-tokens')).toBe('1000');
    expect(sim.stats().rateLimited).toBe(1);
  });

  it('in strict mode charges rejected requests, so a retry storm prolongs the 429s', async () => {
    const clock = new FakeClock();
    const lenient = await simulator({ rpm: 6, tpm: null, burstSeconds: 10, clock });
    const strict = await simulator({ rpm: 6, tpm: null, burstSeconds: 10, clock, chargeRejected: true });
    const waits = async (sim: typeof strict) => {
      const client = sdk(sim);
      await client.chat.completions.create(chat(PROMPT));
      const out: string[] = [];
      for (let i = 0; i < 3; i++) out.push((await rateLimitError(client.chat.completions.create(chat(PROMPT)))).headers?.get('retry-after-ms') ?? '');
      return out;
    };
    expect(await waits(lenient)).toEqual(['10000', '10000', '10000']);
    // Each rejection adds a request of debt: the wait grows by a refill period every time.
    expect(await waits(strict)).toEqual(['20000', '30000', '40000']);
    // Honouring the last wait exactly gets in.
    await clock.advance(40_000);
    await expect(sdk(strict).chat.completions.create(chat(PROMPT))).resolves.toBeTruthy();
  });

  it('answers insufficient_quota to every request after quotaRequests admitted ones', async () => {
    const sim = await simulator({ quotaRequests: 2, rpm: null, tpm: null });
    const client = sdk(sim);
    await client.chat.completions.create(chat(PROMPT));
    await client.chat.completions.create(chat(PROMPT));
    for (let i = 0; i < 2; i++) {
      const error = await rateLimitError(client.chat.completions.create(chat(PROMPT)));
      expect(error.code).toBe('insufficient_quota');
      expect(error.type).toBe('insufficient_quota');
      expect(error.message).toContain('You exceeded your current quota, please check your plan and billing details.');
    }
    expect(sim.stats()).toMatchObject({ succeeded: 2, quotaErrors: 2, rateLimited: 0 });

    // 0: an account with no quota at all refuses the very first request.
    const empty = await simulator({ quotaRequests: 0 });
    expect((await rateLimitError(sdk(empty).chat.completions.create(chat(PROMPT)))).code).toBe('insufficient_quota');
  });

  it('cuts off one key of a pool with keyQuotaRequests while the others go on', async () => {
    const sim = await simulator({ keyQuotaRequests: { 'sk-dry-key-0001': 1 }, rpm: null, tpm: null });
    const dry = sdk(sim, 'sk-dry-key-0001');
    await dry.chat.completions.create(chat(PROMPT));
    expect((await rateLimitError(dry.chat.completions.create(chat(PROMPT)))).code).toBe('insufficient_quota');
    for (let i = 0; i < 3; i++) await sdk(sim, 'sk-wet-key-0002').chat.completions.create(chat(PROMPT));
    expect(sim.stats()).toMatchObject({ succeeded: 4, quotaErrors: 1 });
    expect(() => resolveOptions({ keyQuotaRequests: { 'sk-dry-key-0001': -1 } })).toThrow("Simulator option 'keyQuotaRequests[…0001]' must be a whole number >= 0, got -1");
  });

  it('logs each request the limits met with trackArrivals: when, which key, whether admitted', async () => {
    const clock = new FakeClock();
    const sim = await simulator({ rpm: 6, tpm: null, burstSeconds: 10, clock, trackArrivals: true });
    await sdk(sim, 'sk-test-key-abcd').chat.completions.create(chat(PROMPT));
    await rateLimitError(sdk(sim, 'sk-test-key-abcd').chat.completions.create(chat(PROMPT)));
    expect(sim.stats().arrivals).toEqual([
      { at: clock.now(), key: 'abcd', admitted: true },
      { at: clock.now(), key: 'abcd', admitted: false },
    ]);
    expect((await simulator({})).stats().arrivals).toBeNull();
  });

  it('can send 429s without any rate-limit or retry-after headers', async () => {
    const sim = await simulator({ rpm: 6, tpm: null, burstSeconds: 10, clock: new FakeClock(), faults: { noHeadersOn429Rate: 1 } });
    await sdk(sim).chat.completions.create(chat(PROMPT));
    const error = await rateLimitError(sdk(sim).chat.completions.create(chat(PROMPT)));
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.headers?.get('retry-after-ms')).toBeNull();
    expect(error.headers?.get('retry-after')).toBeNull();
    expect(error.headers?.get('x-ratelimit-remaining-requests')).toBeNull();
    expect(error.headers?.get('x-request-id')).toMatch(/^req_/);
  });

  it('changes limits live, keeping the bucket levels', async () => {
    const clock = new FakeClock();
    const sim = await simulator({ rpm: 60, tpm: null, clock });
    const client = sdk(sim);
    for (let i = 0; i < 30; i++) await client.chat.completions.create(chat(PROMPT));
    sim.update({ rpm: 120 });
    const { response } = await client.chat.completions.create(chat(PROMPT)).withResponse();
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('120');
    // 29 of the level kept (not reset to full); the capacity grew to 120.
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('29');
    sim.update({ rpm: null });
    const { response: unlimited } = await client.chat.completions.create(chat(PROMPT)).withResponse();
    expect(unlimited.headers.get('x-ratelimit-limit-requests')).toBeNull();
    expect(() => sim.update({ seed: 3 })).toThrow(/'seed' is fixed at start/);
  });
});
