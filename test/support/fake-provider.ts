import type { ChatCompletion, ChatProvider, ChatRequest, CompleteOptions, HeaderMap } from '../../electron/providers/provider.ts';
import { ProviderError } from '../../electron/providers/provider.ts';
import type { FakeClock } from './fake-clock.ts';

export type Reply =
  | { readonly kind: 'ok'; readonly latencyMs: number; readonly text?: string; readonly headers?: HeaderMap; readonly deltas?: number }
  | { readonly kind: 'error'; readonly latencyMs: number; readonly error: ProviderError }
  /** No answer at all: the request ends at its timeout, as the OpenAI provider's deadline ends it. */
  | { readonly kind: 'hang' };

export interface Call {
  readonly at: number;
  readonly request: ChatRequest;
  endedAt?: number;
  aborted?: boolean;
}

/**
 * A provider whose replies a test scripts per call, on a fake clock: latency is a clock sleep, so
 * aborts and timing behave as over HTTP. Records every call, the most requests ever in flight, and
 * the most ever in flight with one prompt (one task's attempts must never overlap).
 */
export class FakeProvider implements ChatProvider {
  readonly name = 'fake';
  readonly calls: Call[] = [];
  inFlight = 0;
  maxInFlight = 0;
  maxInFlightPerPrompt = 0;
  /** Called as each request arrives, with the number now in flight (this one included). */
  onCall: ((call: Call, inFlight: number) => void) | undefined;
  private readonly byPrompt = new Map<string, number>();
  private readonly clock: FakeClock;
  private readonly script: (call: number, request: ChatRequest) => Reply;

  constructor(clock: FakeClock, script: (call: number, request: ChatRequest) => Reply) {
    this.clock = clock;
    this.script = script;
  }

  async complete(request: ChatRequest, options: CompleteOptions): Promise<ChatCompletion> {
    const call: Call = { at: this.clock.now(), request };
    const reply = this.script(this.calls.length, request);
    const prompt = request.messages.at(-1)?.content ?? '';
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const samePrompt = (this.byPrompt.get(prompt) ?? 0) + 1;
    this.byPrompt.set(prompt, samePrompt);
    this.maxInFlightPerPrompt = Math.max(this.maxInFlightPerPrompt, samePrompt);
    this.onCall?.(call, this.inFlight);
    try {
      if (reply.kind === 'hang') {
        await this.clock.sleep(options.timeoutMs, options.signal);
        throw new ProviderError({ failure: 'timeout', message: 'The request timed out.' });
      }
      const deltas = reply.kind === 'ok' ? (reply.deltas ?? 4) : 0;
      for (let i = 0; i < deltas; i++) {
        await this.clock.sleep(reply.latencyMs / Math.max(1, deltas), options.signal);
        options.onDelta?.('word ');
      }
      if (deltas === 0) await this.clock.sleep(reply.latencyMs, options.signal);
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      call.aborted = true;
      throw new ProviderError({ failure: 'aborted', message: 'The request was cancelled.' });
    } finally {
      this.inFlight--;
      this.byPrompt.set(prompt, (this.byPrompt.get(prompt) ?? 1) - 1);
      call.endedAt = this.clock.now();
    }
    if (reply.kind === 'error') throw reply.error;
    const whole = request.messages.map((m) => m.content).join('');
    const text = reply.text ?? `# ${whole}\n\nBody.`;
    const promptTokens = Math.ceil(whole.length / 4);
    return { text, headers: reply.headers ?? {}, finishReason: 'stop', usage: { promptTokens, completionTokens: 4, totalTokens: promptTokens + 4 } };
  }
}

export const ok = (latencyMs = 1_000, extra: Partial<Extract<Reply, { kind: 'ok' }>> = {}): Reply => ({ kind: 'ok', latencyMs, ...extra });

export const httpError = (status: number, body: { message: string; code?: string; type?: string }, headers: HeaderMap = {}, latencyMs = 100): Reply => ({
  kind: 'error',
  latencyMs,
  error: new ProviderError({ failure: 'http', status, message: body.message, code: body.code, type: body.type, headers }),
});

export const rateLimited429 = (retryAfterMs: number, type: 'requests' | 'tokens' = 'requests'): Reply =>
  httpError(
    429,
    { message: `Rate limit reached for gpt-4o-mini in organization org-x on ${type} per min. Please try again in ${retryAfterMs / 1000}s.`, code: 'rate_limit_exceeded', type },
    { 'retry-after-ms': String(retryAfterMs), 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
  );

/** The connection broke off before a reply (a reset, a proxy that gave up). */
export const dropped = (latencyMs = 100): Reply => ({
  kind: 'error',
  latencyMs,
  error: new ProviderError({ failure: 'network', message: 'The connection closed before the reply was complete.' }),
});

/** Nothing listens at the address: the error the OpenAI provider reports, with undici's cause inside. */
export const refused = (): Reply => ({
  kind: 'error',
  latencyMs: 1,
  error: new ProviderError({
    failure: 'network',
    message: 'Could not reach the server: Connection error.: fetch failed',
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
  }),
});

export const hang = (): Reply => ({ kind: 'hang' });
