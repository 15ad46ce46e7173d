import { createRequire } from 'node:module';
import type * as O200kBase from 'gpt-tokenizer/encoding/o200k_base';
import type { ChatMessage } from '../../providers/provider.ts';

/**
 * Token counts with OpenAI's real BPE vocabularies (gpt-tokenizer), used to reserve TPM budget
 * before a request goes out and to estimate a run's cost. An estimate, not a bill: the server
 * charges its own (character-based) estimate at admission and reports true usage afterwards.
 */
export type EncodingName = 'o200k_base' | 'cl100k_base';

type Encoding = Pick<typeof O200kBase, 'countTokens'>;

// Each vocabulary costs ~250 ms and tens of MB to load, and counting must stay synchronous (the
// limiter asks per request), so an encoding is required on first use rather than imported.
const require = createRequire(import.meta.url);
const loaders: Record<EncodingName, () => Encoding> = {
  o200k_base: () => require('gpt-tokenizer/encoding/o200k_base') as Encoding,
  cl100k_base: () => require('gpt-tokenizer/encoding/cl100k_base') as Encoding,
};
const loaded = new Map<EncodingName, Encoding>();

// User text may contain "<|endoftext|>" and the like; by default the tokenizer throws on them.
// The API treats them as plain text, so count them as plain text.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * From OpenAI's cookbook, "How to count tokens with tiktoken" (`num_tokens_from_messages`): each
 * message is wrapped as <|start|>{role}\n{content}<|end|>\n, 3 tokens plus the role's own tokens,
 * and every reply is primed with <|start|>assistant<|message|>, 3 more.
 */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_REPLY_PRIMING = 3;

/**
 * gpt-4 (incl. -turbo, -32k, dated) and gpt-3.5 use cl100k_base; gpt-4o, gpt-4.1, gpt-4.5, gpt-5,
 * the o-series and anything unknown use o200k_base, the vocabulary of every current model.
 * A fine-tuned model (`ft:gpt-4o-mini:org::id`) counts like its base.
 */
export function encodingForModel(model: string): EncodingName {
  const name = model.trim().toLowerCase().replace(/^ft:/, '');
  return /^gpt-3\.5/.test(name) || /^gpt-4(?:-|$)/.test(name) ? 'cl100k_base' : 'o200k_base';
}

export function countTokens(text: string, model: string): number {
  if (text === '') return 0;
  return encoding(encodingForModel(model)).countTokens(text, PLAIN_TEXT);
}

/** Prompt tokens of a chat request, as the chat format wraps the messages. */
export function estimateChatTokens(messages: readonly ChatMessage[], model: string): number {
  const tokenizer = encoding(encodingForModel(model));
  let total = TOKENS_REPLY_PRIMING;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE + tokenizer.countTokens(message.role, PLAIN_TEXT);
    if (message.content !== '') total += tokenizer.countTokens(message.content, PLAIN_TEXT);
  }
  return total;
}

/**
 * What one request is charged against TPM at admission: the prompt plus the whole `max_tokens`.
 * OpenAI estimates the prompt from its characters (about 4 a token), not with the tokenizer, and
 * the two differ both ways (repetitive text tokenizes far below chars/4, English slightly above),
 * so the larger of the two keeps the local bucket from ever reserving less than the server charges.
 */
export function estimateRequestTokens(messages: readonly ChatMessage[], maxTokens: number, model: string): number {
  const characters = messages.reduce((sum, m) => sum + m.content.length, 0);
  return Math.max(estimateChatTokens(messages, model), Math.ceil(characters / CHARS_PER_TOKEN)) + maxTokens;
}

const CHARS_PER_TOKEN = 4;

function encoding(name: EncodingName): Encoding {
  let found = loaded.get(name);
  if (!found) {
    found = loaders[name]();
    loaded.set(name, found);
  }
  return found;
}
