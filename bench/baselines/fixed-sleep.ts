import OpenAI from 'openai';
import type { Contender } from './contender.ts';

/**
 * Baseline (a) of the write-up: a handful of concurrent callers, and on any 429 or 5xx a fixed
 * 5 s sleep before trying the same request again. No limiter, no headers, no backoff.
 */
const CONCURRENCY = 8;
const SLEEP_MS = 5_000;
const MAX_ATTEMPTS = 50;

export const fixedSleep: Contender = async (input) => {
  const client = new OpenAI({ baseURL: input.baseURL, apiKey: 'sk-bench', maxRetries: 0, timeout: 60_000 });
  const results = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < input.topics.length) {
      const topic = input.topics[next++]!;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          const reply = await client.chat.completions.create({
            model: input.model,
            messages: [{ role: 'user', content: input.prompt(topic) }],
            max_tokens: input.maxTokens,
          });
          results.set(topic, reply.choices[0]?.message.content ?? '');
          break;
        } catch (error) {
          const status = error instanceof OpenAI.APIError ? error.status : undefined;
          if (status !== 429 && !(status !== undefined && status >= 500)) break;
          await new Promise((r) => setTimeout(r, SLEEP_MS));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { results };
};
