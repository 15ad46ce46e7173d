import OpenAI from 'openai';
import type { ContenderInput } from './contender.ts';

/** One non-streamed request the way both baselines send it, with the SDK's own retries off. */
export function plainClient(input: ContenderInput): (topic: string) => Promise<string> {
  const client = new OpenAI({ baseURL: input.baseURL, apiKey: 'sk-bench', maxRetries: 0, timeout: 60_000 });
  return async (topic) => {
    input.onSend();
    const reply = await client.chat.completions.create({
      model: input.model,
      messages: [{ role: 'user', content: input.prompt(topic) }],
      max_tokens: input.maxTokens,
    });
    return reply.choices[0]?.message.content ?? '';
  };
}

/** What both baselines retry: a 429 or any 5xx. */
export function isRetryable(error: unknown): boolean {
  const status = error instanceof OpenAI.APIError ? error.status : undefined;
  return status === 429 || (status !== undefined && status >= 500);
}
