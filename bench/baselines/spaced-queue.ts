import type { Contender } from './contender.ts';
import { isRetryable, plainClient } from './plain-request.ts';

/**
 * Baseline (b) of the write-up: a queue with 4 workers, a global limiter that spaces calls
 * 60/RPM seconds apart, and per-call exponential backoff with full jitter on 429 and 5xx.
 * It needs an RPM: where the scenario leaves limits unknown it is given the true one anyway
 * (an advantage Pacer does not get).
 */
const WORKERS = 4;
const BASE_MS = 1_000;
const CAP_MS = 60_000;
const MAX_ATTEMPTS = 12;

export function spacedQueue(trueRpm: number): Contender {
  return async (input) => {
    const rpm = input.rpm ?? trueRpm;
    const send = plainClient(input);
    const spacingMs = 60_000 / rpm;
    let nextSlot = 0;
    const slot = async () => {
      const now = Date.now();
      const at = Math.max(now, nextSlot);
      nextSlot = at + spacingMs;
      if (at > now) await sleep(at - now);
    };
    const results = new Map<string, string>();
    let next = 0;
    const worker = async () => {
      while (next < input.topics.length) {
        const topic = input.topics[next++]!;
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
          await slot();
          try {
            results.set(topic, await send(topic));
            break;
          } catch (error) {
            if (!isRetryable(error)) break;
            await sleep(Math.random() * Math.min(CAP_MS, BASE_MS * 2 ** attempt));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    return { results };
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
