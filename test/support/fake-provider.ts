import type { ChatCompletion, ChatProvider, ChatRequest, CompleteOptions, HeaderMap } from '../../electron/providers/provider.ts';
import { ProviderError } from '../../electron/providers/provider.ts';
import type { FakeClock } from './fake-clock.ts';

export type Reply =
  | { readonly kind: 'ok'; readonly latencyMs: number; readonly text?: string; readonly headers?: HeaderMap; readonly deltas?: number }
  | { readonly kind: 'error'; readonly latencyMs: number; readonly error: ProviderError };

export interface Call {
  readonly at: number;
  readonly request: ChatRequest;
  endedAt?: number;
  aborted?: boolean;
}

/**
 * A provider whose replies a test scripts per call, on a fake clock: latency is a clock sleep, so
 * aborts and timing behave as over HTTP. Records every call and the most requests ever in flight.
 */
export class FakeProvider implements ChatProvider {
  readonly name = 'fake';
  readonly calls: Call[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly clock: FakeClock;
  private readonly script: (call: number, request: ChatRequest) => Reply;

  constructor(clock: FakeClock, script: (call: number, request: ChatRequest) => Reply) {
    this.clock = clock;
    this.script = script;
  }

  async complete(request: ChatRequest, options: CompleteOptions): Promise<ChatCompletion> {
    const call: Call = { at: this.clock.now(), request };
    const reply = this.script(this.calls.length, request);
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const deltas = reply.kind === 'ok' ? (reply.deltas ?? 4) : 0;
      for (let i = 0; i < deltas; i++) {
        await this.clock.sleep(reply.latencyMs / Math.max(1, deltas), options.signal);
        options.onDelta?.('word ');
      }
      if (deltas === 0) await this.clock.sleep(reply.latencyMs, options.signal);
    } catch {
      call.aborted = true;
      throw new ProviderError({ failure: 'aborted', message: 'The request was cancelled.' });
    } finally {
      this.inFlight--;
      call.endedAt = this.clock.now();
    }
    if (reply.kind === 'error') throw reply.error;
    const prompt = request.messages.map((m) => m.content).join('');
    const text = reply.text ?? `# ${prompt}\n\nBody.`;
    const promptTokens = Math.ceil(prompt.length / 4);
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
