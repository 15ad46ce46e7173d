import type { Usage } from '../../shared/domain/task.ts';

/**
 * What the engine needs from an LLM provider: one chat completion, streamed. A provider never
 * retries (the engine owns every retry, style.md rule 8) and reports every failure as a
 * ProviderError carrying what triage needs: status, code, type, message and headers.
 */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly temperature: number;
}

export interface CompleteOptions {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Called with each streamed text delta, as it arrives. */
  readonly onDelta?: (delta: string) => void;
}

/** Response headers, names lower-cased. */
export type HeaderMap = Readonly<Record<string, string>>;

export interface ChatCompletion {
  readonly text: string;
  /** Absent when the server sent none; the engine then falls back to its own estimate. */
  readonly usage?: Usage;
  readonly headers: HeaderMap;
  readonly finishReason?: string;
}

export interface ChatProvider {
  readonly name: string;
  complete(request: ChatRequest, options: CompleteOptions): Promise<ChatCompletion>;
}

export type ProviderFailure =
  | 'http' // the server answered with an error status
  | 'timeout' // no complete answer within timeoutMs
  | 'network' // refused, reset, or the stream broke off
  | 'aborted'; // the caller's signal aborted

export class ProviderError extends Error {
  readonly failure: ProviderFailure;
  readonly status?: number;
  readonly code?: string;
  readonly type?: string;
  readonly headers: HeaderMap;

  constructor(init: { failure: ProviderFailure; message: string; status?: number; code?: string; type?: string; headers?: HeaderMap; cause?: unknown }) {
    super(init.message, { cause: init.cause });
    this.name = 'ProviderError';
    this.failure = init.failure;
    this.status = init.status;
    this.code = init.code;
    this.type = init.type;
    this.headers = init.headers ?? {};
  }
}
