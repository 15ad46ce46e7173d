import type { Contender } from './contender.ts';
import { isRetryable, plainClient } from './plain-request.ts';

/**
 * Baseline (a) of the write-up: a handful of concurrent callers, and on any 429 or 5xx a fixed
 * 5 s sleep before trying the same request again. No limiter, no headers, no backoff.
 */
const CONCURRENCY = 8;
const SLEEP_MS = 5_000;
const MAX_ATTEMPTS = 50;

export const fixedSleep: Contender = async (input) => {
  const send = plainClient(input);
  const results = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < input.topics.length) {
      const topic = input.topics[next++]!;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          results.set(topic, await send(topic));
          break;
        } catch (error) {
          if (!isRetryable(error)) break;
          await new Promise((r) => setTimeout(r, SLEEP_MS));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { results };
};
