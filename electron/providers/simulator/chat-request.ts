import type { ErrorReply } from './openai-errors.ts';
import { contextLengthExceeded, invalidJson, invalidValue, missingParameter, modelNotFound } from './openai-errors.ts';

/** A chat completion request, validated, with the numbers admission and usage need. */
export interface ChatRequestBody {
  readonly model: string;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly maxTokens: number;
  /** ceil(characters / 4) over every message's text: OpenAI's own admission estimate. */
  readonly promptTokens: number;
  /** The last user message: the article's title source and the successesByPrompt key. */
  readonly lastUserMessage: string;
  /** Every message's text: what the completion text is a deterministic function of. */
  readonly conversation: string;
}

/** Every model here has a 128k context window, like gpt-4o-mini. */
export const CONTEXT_TOKENS = 128_000;
/** Charged and allowed when a request gives no max_tokens (real models default to their output cap). */
export const DEFAULT_MAX_TOKENS = 4_096;

export function parseChatRequest(raw: string, models: ReadonlySet<string>): ChatRequestBody | ErrorReply {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return invalidJson();
  }
  if (!isObject(body)) return invalidJson();
  if (typeof body.model !== 'string' || body.model === '') return missingParameter('model');
  if (!Array.isArray(body.messages)) return missingParameter('messages');
  if (body.messages.length === 0) return invalidValue('messages', "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.");
  if (!models.has(body.model)) return modelNotFound(body.model);

  const maxTokensParam = body.max_completion_tokens !== undefined ? 'max_completion_tokens' : 'max_tokens';
  const maxTokens = body[maxTokensParam] ?? DEFAULT_MAX_TOKENS;
  if (!isPositiveInteger(maxTokens)) {
    return invalidValue(maxTokensParam, `Invalid '${maxTokensParam}': expected a positive integer, but got ${JSON.stringify(maxTokens)} instead.`);
  }

  const texts: string[] = [];
  let lastUserMessage = '';
  for (const [index, message] of body.messages.entries()) {
    const role = isObject(message) ? message.role : undefined;
    const text = isObject(message) ? messageText(message.content) : undefined;
    if (typeof role !== 'string' || text === undefined) {
      return invalidValue(`messages[${index}]`, `Invalid 'messages[${index}]': expected an object with a string 'role' and a text 'content'.`);
    }
    texts.push(text);
    if (role === 'user') lastUserMessage = text;
  }
  const conversation = texts.join('\n');
  const promptTokens = Math.ceil(texts.reduce((sum, text) => sum + text.length, 0) / 4);
  if (promptTokens + maxTokens > CONTEXT_TOKENS) return contextLengthExceeded(CONTEXT_TOKENS, promptTokens, maxTokens);

  const streamOptions = isObject(body.stream_options) ? body.stream_options : {};
  return {
    model: body.model,
    stream: body.stream === true,
    includeUsage: body.stream === true && streamOptions.include_usage === true,
    maxTokens,
    promptTokens,
    lastUserMessage,
    conversation,
  };
}

export function isErrorReply(value: ChatRequestBody | ErrorReply): value is ErrorReply {
  return 'error' in value;
}

/** A string, or an array of parts of which only the text parts count. */
function messageText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) return undefined;
  let text = '';
  for (const part of content) if (isObject(part) && part.type === 'text' && typeof part.text === 'string') text += part.text;
  return text;
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
