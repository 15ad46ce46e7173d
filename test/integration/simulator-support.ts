import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { RunningSimulator, SimulatorOptions } from '../../electron/providers/simulator/index.ts';
import { startSimulator } from '../../electron/providers/simulator/index.ts';

/** Latencies small enough that a test's requests take milliseconds, large enough to be real. */
export const FAST: SimulatorOptions['latency'] = { firstTokenMs: 2, jitterMs: 2, tokensPerSecond: 20_000 };

const running = new Set<RunningSimulator>();

/** Starts a simulator that `closeAll` (in afterEach) stops, whatever the test did. */
export async function simulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ latency: FAST, ...options });
  running.add(sim);
  return sim;
}

export async function closeAll(): Promise<void> {
  await Promise.all([...running].map((sim) => sim.close()));
  running.clear();
}

/** The SDK as Pacer uses it: no retries of its own. */
export function sdk(sim: Pick<RunningSimulator, 'url'>, apiKey = 'sk-test-key', timeout = 10_000): OpenAI {
  return new OpenAI({ baseURL: sim.url, apiKey, maxRetries: 0, timeout });
}

export function chat(prompt: string, overrides: Partial<ChatCompletionCreateParamsNonStreaming> = {}): ChatCompletionCreateParamsNonStreaming {
  return { model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }], max_tokens: 40, ...overrides };
}

/** A raw POST, for bodies and headers the SDK would not send. */
export function post(sim: RunningSimulator, body: unknown, headers: Record<string, string> = { authorization: 'Bearer sk-test-key' }): Promise<Response> {
  return fetch(`${sim.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The rejection of `promise`, which must reject. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject, but it resolved');
}

/** A minimal Go duration parser (`51.189s`, `4m12.172s`, `12ms`) to check the headers round-trip. */
export function parseGoDuration(text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(text);
  if (!match || text === '') throw new Error(`Not a Go duration: ${text}`);
  const [, h = '0', m = '0', s = '0', ms = '0'] = match;
  return Number(h) * 3_600_000 + Number(m) * 60_000 + Number(s) * 1_000 + Number(ms);
}

/** Polls a condition the server reaches asynchronously (a socket close), up to `ms`. */
export async function eventually(condition: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('Condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
