import OpenAI from 'openai';
import type { Usage } from '../../shared/domain/task.ts';
import type { ChatCompletion, ChatProvider, ChatRequest, CompleteOptions, HeaderMap } from './provider.ts';
import { ProviderError } from './provider.ts';

export interface OpenAIProviderOptions {
  readonly baseURL: string;
  readonly apiKey: string;
  readonly name?: string;
}

/**
 * Any OpenAI-compatible server through the official SDK. `maxRetries: 0` because the engine owns
 * every retry: SDK retries underneath would be requests the limiter never saw (provider-behaviour.md).
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): ChatProvider {
  const client = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey, maxRetries: 0 });
  return {
    name: options.name ?? 'openai',
    complete: (request, completeOptions) => complete(client, request, completeOptions),
  };
}

const TIMEOUT = Symbol('timeout');

async function complete(client: OpenAI, request: ChatRequest, options: CompleteOptions): Promise<ChatCompletion> {
  // The SDK's own timeout ends when headers arrive; a stream that stalls afterwards would hang
  // forever, so one deadline covers the whole exchange.
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal.reason);
  if (options.signal.aborted) onAbort();
  else options.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(TIMEOUT), options.timeoutMs);
  let headers: HeaderMap = {};
  try {
    const { data: stream, response } = await client.chat.completions
      .create(
        {
          model: request.model,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          max_tokens: request.maxTokens,
          temperature: request.temperature,
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: controller.signal, timeout: options.timeoutMs },
      )
      .withResponse();
    headers = toHeaderMap(response.headers);
    let text = '';
    let usage: Usage | undefined;
    let finishReason: string | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      const delta = choice?.delta?.content;
      if (delta) {
        text += delta;
        options.onDelta?.(delta);
      }
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      if (chunk.usage) {
        usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens, totalTokens: chunk.usage.total_tokens };
      }
    }
    // An abort mid-stream ends the loop quietly; so does a connection cut before the last chunk.
    if (controller.signal.aborted) throw abortError(controller.signal.reason, headers);
    if (finishReason === undefined) {
      throw new ProviderError({ failure: 'network', message: 'The connection closed before the reply was complete.', headers });
    }
    return { text, usage, headers, finishReason };
  } catch (error) {
    throw toProviderError(error, controller.signal, headers);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}

export function toProviderError(error: unknown, signal: AbortSignal, headers: HeaderMap): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) return abortError(signal.reason, headers, error);
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError({ failure: 'timeout', message: 'The request timed out.', headers, cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ProviderError({ failure: 'network', message: `Could not reach the server: ${causeMessage(error)}`, headers, cause: error });
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const body = (error.error ?? {}) as { message?: unknown; code?: unknown; type?: unknown };
    return new ProviderError({
      failure: 'http',
      status: error.status,
      code: typeof body.code === 'string' ? body.code : (error.code ?? undefined),
      type: typeof body.type === 'string' ? body.type : (error.type ?? undefined),
      message: typeof body.message === 'string' ? body.message : error.message,
      headers: error.headers ? toHeaderMap(error.headers) : headers,
      cause: error,
    });
  }
  // Undici reports a socket cut mid-body as a TypeError ("terminated") with a cause.
  return new ProviderError({ failure: 'network', message: `The connection failed: ${causeMessage(error)}`, headers, cause: error });
}

function abortError(reason: unknown, headers: HeaderMap, cause?: unknown): ProviderError {
  return reason === TIMEOUT
    ? new ProviderError({ failure: 'timeout', message: 'The request timed out.', headers, cause })
    : new ProviderError({ failure: 'aborted', message: 'The request was cancelled.', headers, cause });
}

function causeMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function toHeaderMap(headers: Headers): HeaderMap {
  const map: Record<string, string> = {};
  headers.forEach((value, key) => {
    map[key.toLowerCase()] = value;
  });
  return map;
}
