import type { ChatCompletion, ChatProvider, ChatRequest, CompleteOptions } from '../../electron/providers/provider.ts';
import { ProviderError } from '../../electron/providers/provider.ts';
import { isErrorReply, parseChatRequest } from '../../electron/providers/simulator/chat-request.ts';
import { KeyLimits } from '../../electron/providers/simulator/limits.ts';
import { rejected } from '../../electron/providers/simulator/openai-errors.ts';
import type { SimulatorOptions } from '../../electron/providers/simulator/options.ts';
import { resolveOptions } from '../../electron/providers/simulator/options.ts';
import { seededRandom } from '../../electron/providers/simulator/seeded-random.ts';
import type { FakeClock } from './fake-clock.ts';

/**
 * The simulator's own limit model (its shapes, headers and 429s: an arithmetic independent of the
 * engine's) answering the engine in-process on a fake clock, so a test can run a whole batch
 * against a server of any shape in milliseconds. Over real HTTP the same model is the built-in
 * simulator; the integration tests and the bench use that.
 */
export interface ModelServerOptions {
  readonly simulator: Pick<SimulatorOptions, 'rpm' | 'tpm' | 'shape' | 'burstSeconds' | 'chargeRejected'>;
  /** Time from the request leaving to the server counting it: 1 ms plus up to `arrivalJitterMs`. @default 4 */
  readonly arrivalJitterMs?: number;
  /**
   * One process's HTTP client sends a burst one request after another: each leaves this long
   * after the one before, so the last of 90 granted at once reaches the server ~90 × this later
   * than the first. @default 0
   */
  readonly sendSpacingMs?: number;
  /** Time from admission to the whole reply. @default 250 */
  readonly replyMs?: number;
  readonly seed?: number;
}

export class ModelServerProvider implements ChatProvider {
  readonly name = 'model-server';
  requests = 0;
  rateLimited = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** When each request reached the limits, and whether they admitted it. */
  readonly arrivals: { readonly at: number; readonly admitted: boolean }[] = [];
  private readonly clock: FakeClock;
  private readonly limits: KeyLimits;
  private readonly options: ReturnType<typeof resolveOptions>;
  private readonly random: () => number;
  private readonly arrivalJitterMs: number;
  private readonly replyMs: number;
  private readonly sendSpacingMs: number;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(clock: FakeClock, options: ModelServerOptions) {
    this.clock = clock;
    this.options = resolveOptions({ ...options.simulator, clock });
    this.limits = new KeyLimits(this.options, clock.now());
    this.random = seededRandom(options.seed ?? 1);
    this.arrivalJitterMs = options.arrivalJitterMs ?? 4;
    this.replyMs = options.replyMs ?? 250;
    this.sendSpacingMs = options.sendSpacingMs ?? 0;
  }

  async complete(request: ChatRequest, options: CompleteOptions): Promise<ChatCompletion> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const sentAt = Math.max(this.clock.now(), this.lastSentAt + this.sendSpacingMs);
      this.lastSentAt = sentAt;
      await this.clock.sleep(sentAt - this.clock.now() + 1 + this.random() * this.arrivalJitterMs, options.signal);
      return await this.answer(request, options);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async answer(request: ChatRequest, options: CompleteOptions): Promise<ChatCompletion> {
    const body = parseChatRequest(JSON.stringify({ model: request.model, messages: request.messages, max_tokens: request.maxTokens }), this.options.models);
    if (isErrorReply(body)) throw new Error(`The model server refused a request the engine built: ${body.error.message}`);
    this.requests += 1;
    const now = this.clock.now();
    const admission = this.limits.admit(body.promptTokens + body.maxTokens, now, this.options.chargeRejected);
    this.arrivals.push({ at: now, admitted: admission.ok });
    const headers = this.limits.headers(now, 'openai');
    if (!admission.ok) {
      this.rateLimited += 1;
      const reply = rejected(body.model, admission);
      const waitMs = admission.kind === 'rate_limited' ? admission.waitMs : undefined;
      const retry: Record<string, string> = waitMs === undefined ? {} : { 'retry-after': String(Math.ceil(waitMs / 1_000)), 'retry-after-ms': String(Math.ceil(waitMs)) };
      throw new ProviderError({ failure: 'http', status: reply.status, message: reply.error.message, code: reply.error.code ?? undefined, type: reply.error.type, headers: { ...headers, ...retry } });
    }
    await this.clock.sleep(this.replyMs * (0.9 + 0.2 * this.random()), options.signal);
    options.onDelta?.('An article.');
    return { text: `# ${body.lastUserMessage}\n\nAn article.`, headers, usage: { promptTokens: body.promptTokens, completionTokens: 3, totalTokens: body.promptTokens + 3 } };
  }
}
