import { afterEach, describe, expect, it } from 'vitest';
import type { APIError } from 'openai';
import type { CompletionUsage } from 'openai/resources';
import { AuthenticationError, NotFoundError } from 'openai';
import { chat, closeAll, parseGoDuration, post, rejection, sdk, simulator } from './simulator-support.ts';

afterEach(closeAll);

const PROMPT = 'Write an SEO article about growing tomatoes on a balcony.';

describe('simulator replies over HTTP, through the official SDK', () => {
  it('answers a JSON completion with usage, a Markdown article and the OpenAI headers', async () => {
    const sim = await simulator({ rpm: 500, tpm: 200_000 });
    const { data, response } = await sdk(sim).chat.completions.create(chat(PROMPT, { max_tokens: 50 })).withResponse();

    expect(data.object).toBe('chat.completion');
    const text = data.choices[0]?.message.content ?? '';
    expect(text.split('\n')[0]).toBe('# Growing Tomatoes on a Balcony');
    // Usage: chars/4 for the prompt; the completion within [0.6, 1.0] × max_tokens.
    expect(data.usage?.prompt_tokens).toBe(Math.ceil(PROMPT.length / 4));
    expect(data.usage?.completion_tokens).toBeGreaterThanOrEqual(30);
    expect(data.usage?.completion_tokens).toBeLessThanOrEqual(50);
    expect(data.usage?.total_tokens).toBe((data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0));

    const h = response.headers;
    expect(h.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(h.get('x-ratelimit-limit-requests')).toBe('500');
    expect(h.get('x-ratelimit-limit-tokens')).toBe('200000');
    expect(h.get('x-ratelimit-remaining-requests')).toBe('499');
    // Charged prompt + max_tokens at admission, not what was generated.
    const charged = Math.ceil(PROMPT.length / 4) + 50;
    expect(Number(h.get('x-ratelimit-remaining-tokens'))).toBe(200_000 - charged);
    // reset = (limit − remaining) × 60 s / limit as a Go duration, rounded up to whole ms; taken at
    // admission, so no refill has happened yet.
    expect(h.get('x-ratelimit-reset-requests')).toBe('120ms');
    expect(parseGoDuration(h.get('x-ratelimit-reset-tokens') ?? '')).toBe(Math.ceil((charged * 60_000) / 200_000));
  });

  it('streams OpenAI chunks, ending with a usage chunk when include_usage is set', async () => {
    const sim = await simulator({ latency: { firstTokenMs: 2, jitterMs: 0, tokensPerSecond: 2_000 } });
    const { data: stream, response } = await sdk(sim)
      .chat.completions.create({ ...chat(PROMPT, { max_tokens: 60 }), stream: true, stream_options: { include_usage: true } })
      .withResponse();
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('499');

    let text = '';
    const finishReasons: string[] = [];
    let usage: CompletionUsage | undefined | null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.object).toBe('chat.completion.chunk');
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) finishReasons.push(chunk.choices[0].finish_reason);
      if (chunk.usage) {
        expect(chunk.choices).toEqual([]);
        usage = chunk.usage;
      }
    }
    expect(text.startsWith('# Growing Tomatoes on a Balcony\n\n')).toBe(true);
    expect(finishReasons).toHaveLength(1);
    // One chunk per token, plus the role, finish and usage chunks.
    expect(chunks).toBe((usage?.completion_tokens ?? 0) + 3);
    expect(usage?.prompt_tokens).toBe(Math.ceil(PROMPT.length / 4));
  });

  it('writes the same article for the same seed and prompt, JSON or streamed', async () => {
    const a = await simulator({ seed: 7 });
    const b = await simulator({ seed: 7 });
    const c = await simulator({ seed: 8 });
    const json = async (sim: typeof a) => (await sdk(sim).chat.completions.create(chat(PROMPT, { max_tokens: 80 }))).choices[0]?.message.content;
    let streamed = '';
    for await (const chunk of await sdk(b).chat.completions.create({ ...chat(PROMPT, { max_tokens: 80 }), stream: true })) {
      streamed += chunk.choices[0]?.delta.content ?? '';
    }
    const first = await json(a);
    expect(await json(a)).toBe(first);
    expect(streamed).toBe(first);
    expect(await json(c)).not.toBe(first);
  });

  it('lists models in OpenAI format and 404s unknown paths with a JSON error', async () => {
    const sim = await simulator({ models: ['gpt-4o-mini', 'sim-fast'] });
    const models = [];
    for await (const model of sdk(sim).models.list()) models.push(model.id);
    expect(models).toEqual(['gpt-4o-mini', 'sim-fast']);

    const res = await fetch(`${sim.url}/nothing/here`, { headers: { authorization: 'Bearer k' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { message: 'Invalid URL (GET /v1/nothing/here)', type: 'invalid_request_error', param: null, code: null } });
  });

  it('sends -1 and no reset headers in azure-missing style', async () => {
    const sim = await simulator({ headerStyle: 'azure-missing' });
    const { response } = await sdk(sim).chat.completions.create(chat(PROMPT)).withResponse();
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('-1');
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBe('-1');
    expect(response.headers.get('x-ratelimit-reset-requests')).toBeNull();
    expect(response.headers.get('x-ratelimit-reset-tokens')).toBeNull();
  });

  it('omits the rate-limit headers of an unlimited dimension', async () => {
    const sim = await simulator({ rpm: 100, tpm: null });
    const { response } = await sdk(sim).chat.completions.create(chat(PROMPT)).withResponse();
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('100');
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBeNull();
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBeNull();
  });
});

describe('simulator request errors', () => {
  it('401s a wrong key with invalid_api_key (masking the key) and a missing key always', async () => {
    const sim = await simulator({ apiKeys: ['sk-right-key'] });
    const wrong = await rejection(sdk(sim, 'sk-wrong-key-123456').chat.completions.create(chat(PROMPT)));
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect((wrong as APIError).code).toBe('invalid_api_key');
    expect((wrong as APIError).message).toContain('Incorrect API key provided: sk-');
    expect((wrong as APIError).message).not.toContain('sk-wrong-key-123456');
    await expect(sdk(sim, 'sk-right-key').chat.completions.create(chat(PROMPT))).resolves.toBeTruthy();

    const open = await simulator({ apiKeys: null });
    const missing = await post(open, chat(PROMPT), {});
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/^You didn't provide an API key/);
    expect(open.stats().authErrors).toBe(1);
    expect(sim.stats().authErrors).toBe(1);
  });

  it('404s an unknown model with model_not_found', async () => {
    const sim = await simulator();
    const error = await rejection(sdk(sim).chat.completions.create(chat(PROMPT, { model: 'gpt-9' })));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as APIError).code).toBe('model_not_found');
    expect((error as APIError).message).toContain('The model `gpt-9` does not exist or you do not have access to it.');
  });

  it('400s invalid bodies and over-long prompts, without charging the limits', async () => {
    const sim = await simulator({ rpm: 500 });
    const cases: [unknown, string | null][] = [
      ['{not json', null],
      [{ model: 'gpt-4o-mini' }, 'missing_required_parameter'],
      [{ ...chat(PROMPT), max_tokens: 0 }, 'invalid_value'],
      [{ ...chat(PROMPT), max_tokens: 2.5 }, 'invalid_value'],
      [chat('x'.repeat(4 * 130_000)), 'context_length_exceeded'],
    ];
    for (const [body, code] of cases) {
      const res = await post(sim, body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { type: string; code: string | null } };
      expect(json.error.type).toBe('invalid_request_error');
      expect(json.error.code).toBe(code);
      expect(res.headers.get('x-ratelimit-remaining-requests')).toBe('500');
    }
    expect(sim.stats().badRequests).toBe(cases.length);
  });
});
