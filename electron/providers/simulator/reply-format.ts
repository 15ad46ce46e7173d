/**
 * Chat completion bodies in OpenAI's exact shapes: the JSON reply and the `data: {…}\n\n` SSE
 * frames of a stream. Frames are built by string concatenation around a prefix computed once per
 * reply, because a benchmark pushes thousands of these a second.
 */
export interface ReplyMeta {
  readonly id: string;
  readonly created: number;
  readonly model: string;
}

export interface UsageBody {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

const FINGERPRINT = 'fp_sim';

export function usageBody(promptTokens: number, completionTokens: number): UsageBody {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

export function completionJson(meta: ReplyMeta, text: string, finishReason: string, usage: UsageBody): string {
  return JSON.stringify(completionBody(meta, text, finishReason, usage));
}

/** A chat.completion object: the body of a JSON reply, and of a batch output line's response. */
export function completionBody(meta: ReplyMeta, text: string, finishReason: string, usage: UsageBody): object {
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null, annotations: [] }, logprobs: null, finish_reason: finishReason }],
    usage: {
      ...usage,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  };
}

/** The SSE frames of one streamed reply. */
export class StreamFrames {
  private readonly head: string;
  private readonly tail: string;
  private readonly includeUsage: boolean;

  constructor(meta: ReplyMeta, includeUsage: boolean) {
    this.includeUsage = includeUsage;
    this.head = `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"service_tier":"default","system_fingerprint":"${FINGERPRINT}","choices":`;
    this.tail = includeUsage ? ',"usage":null}\n\n' : '}\n\n';
  }

  role(): string {
    return `${this.head}[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]${this.tail}`;
  }

  content(text: string): string {
    return `${this.head}[{"index":0,"delta":{"content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]${this.tail}`;
  }

  /** The finish frame, the usage frame when asked for, and the terminator. */
  finish(finishReason: string, usage: UsageBody): string {
    let out = `${this.head}[{"index":0,"delta":{},"logprobs":null,"finish_reason":"${finishReason}"}]${this.tail}`;
    if (this.includeUsage) out += `${this.head}[],"usage":${JSON.stringify(usage)}}\n\n`;
    return `${out}data: [DONE]\n\n`;
  }
}
