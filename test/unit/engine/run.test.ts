import { describe, expect, it } from 'vitest';
import { harness, ofType, terminalsByTask } from './run-harness.ts';
import { httpError, ok, rateLimited429 } from '../../support/fake-provider.ts';

describe('Run: lifecycle invariants', () => {
  it('finishes every task with exactly one terminal event and the run with one run.finished, last', async () => {
    const h = harness(() => ok(1_000), { tasks: 12 });
    const result = await h.finish();
    expect(result.outcome).toBe('completed');
    expect(result.counts.done).toBe(12);
    const terminals = terminalsByTask(h.events);
    expect(terminals.size).toBe(12);
    for (const list of terminals.values()) expect(list).toEqual(['task.done']);
    expect(ofType(h.events, 'run.finished')).toHaveLength(1);
    expect(h.events.at(-1)?.type).toBe('run.finished');
    expect(h.events.map((e) => e.seq)).toEqual(h.events.map((_, i) => i + 1));
  });

  it('sends the first request alone until its first token arrives, then keeps exactly `workers` in flight', async () => {
    // ok(1_000) streams 4 deltas, the first after 250 ms.
    const h = harness(() => ok(1_000), { tasks: 10, settings: { workers: 3 } });
    await h.finish();
    const [first, second] = h.provider.calls;
    expect(second!.at - first!.at).toBe(250);
    expect(h.provider.maxInFlight).toBe(3);
  });

  it("prices each reply from the model's list price and real usage, and leaves unknown models unpriced", async () => {
    const priced = harness(() => ok(10), { tasks: 1, settings: { model: 'gpt-4o-mini' } });
    await priced.finish();
    const done = ofType(priced.events, 'task.done')[0]!;
    // gpt-4o-mini: $0.15 per 1M input tokens, $0.60 per 1M output tokens.
    expect(done.costUsd).toBeCloseTo((done.usage.promptTokens * 0.15 + done.usage.completionTokens * 0.6) / 1e6, 12);
    const unpriced = harness(() => ok(10), { tasks: 1, settings: { model: 'my-local-llama' } });
    await unpriced.finish();
    expect(ofType(unpriced.events, 'task.done')[0]!.costUsd).toBeUndefined();
  });

  it('passes the rendered template and the system prompt to the provider', async () => {
    const h = harness(() => ok(10), { tasks: 1, settings: { systemPrompt: 'You write SEO copy.', promptTemplate: 'Article on {{topic}}, please' } });
    await h.finish();
    expect(h.provider.calls[0]!.request.messages).toEqual([
      { role: 'system', content: 'You write SEO copy.' },
      { role: 'user', content: 'Article on topic 0, please' },
    ]);
  });
});

describe('Run: error triage in action', () => {
  it('stops the run after one request on a bad key, with a clear error, cancelling the rest', async () => {
    const h = harness(() => httpError(401, { message: 'Incorrect API key provided: sk-bad.', code: 'invalid_api_key', type: 'invalid_request_error' }), { tasks: 20, settings: { workers: 8 } });
    const result = await h.finish();
    expect(h.provider.calls).toHaveLength(1);
    expect(result.outcome).toBe('stopped');
    expect(result.error?.code).toBe('invalid_api_key');
    expect(result.error?.message).toMatch(/API key/);
    expect(result.counts.cancelled).toBe(20);
    for (const list of terminalsByTask(h.events).values()) expect(list).toEqual(['task.cancelled']);
  });

  it('stops the run after one request when the quota is exhausted', async () => {
    const h = harness(
      () => httpError(429, { message: 'You exceeded your current quota, please check your plan and billing details.', code: 'insufficient_quota', type: 'insufficient_quota' }),
      { tasks: 20, settings: { workers: 8 } },
    );
    const result = await h.finish();
    expect(h.provider.calls).toHaveLength(1);
    expect(result.outcome).toBe('stopped');
    expect(result.error?.code).toBe('insufficient_quota');
  });

  it('fails only the task on a 400 and keeps going', async () => {
    const h = harness((call) => (call === 1 ? httpError(400, { message: "This model's maximum context length is 128000 tokens.", code: 'context_length_exceeded' }) : ok(100)), { tasks: 5 });
    const result = await h.finish();
    expect(result.outcome).toBe('completed');
    expect(result.counts).toMatchObject({ done: 4, failed: 1 });
    expect(h.provider.calls).toHaveLength(5);
  });

  it('retries 5xx with backoff, waiting at least the scheduled delay, and records each attempt', async () => {
    const h = harness((call) => (call < 2 ? httpError(500, { message: 'The server had an error while processing your request.' }) : ok(100)), { tasks: 1 });
    const result = await h.finish();
    expect(result.counts.done).toBe(1);
    const retries = ofType(h.events, 'retry.scheduled');
    expect(retries.map((r) => [r.attempt, r.source])).toEqual([
      [2, 'backoff'],
      [3, 'backoff'],
    ]);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(1_000);
    expect(retries[1]!.delayMs).toBeLessThanOrEqual(2_000);
    const [c0, c1, c2] = h.provider.calls;
    expect(c1!.at - c0!.endedAt!).toBeGreaterThanOrEqual(retries[0]!.delayMs);
    expect(c2!.at - c1!.endedAt!).toBeGreaterThanOrEqual(retries[1]!.delayMs);
    expect(ofType(h.events, 'task.done')[0]!.attempt).toBe(3);
  });

  it('gives up after maxAttempts and says so', async () => {
    const h = harness(() => httpError(503, { message: 'The engine is currently overloaded, please try again later.' }), { tasks: 1 });
    const result = await h.finish();
    expect(result.counts.failed).toBe(1);
    expect(h.provider.calls).toHaveLength(4);
    const message = ofType(h.events, 'task.failed')[0]!.error.message;
    expect(message).toMatch(/^Gave up after 4 attempts: The provider is overloaded \(503\)\. The server said/);
    expect(message).not.toMatch(/retrying/);
  });
});

describe('Run: the shared cool-down on 429', () => {
  it('holds every worker behind one gate sized by retry-after, then lets them back in order', async () => {
    const h = harness((call) => (call === 3 ? rateLimited429(5_000) : ok(1_000)), { tasks: 12, settings: { workers: 4 } });
    const result = await h.finish();
    expect(result.counts.done).toBe(12);
    const failedAt = h.provider.calls[3]!.endedAt!;
    const startsInGate = h.provider.calls.filter((c) => c.at > failedAt && c.at < failedAt + 5_000);
    expect(startsInGate).toEqual([]);
    const retry = ofType(h.events, 'retry.scheduled')[0]!;
    expect(retry.source).toBe('retry_after');
    expect(retry.delayMs).toBeGreaterThanOrEqual(5_000);
    expect(ofType(h.events, 'task.waiting').some((w) => w.reason === 'cooldown')).toBe(true);
    expect(ofType(h.events, 'attempt.failed')[0]!.error.kind).toBe('rate_limited');
  });
});

describe('Run: controls', () => {
  it('cancel aborts in-flight requests and cancels every unfinished task', async () => {
    const h = harness(() => ok(10_000), { tasks: 6, settings: { workers: 3 } });
    const done = h.run.start();
    await h.clock.advance(10_500); // the probe finished, three more in flight
    expect(h.provider.inFlight).toBe(3);
    await h.run.cancel();
    const result = await done;
    expect(result.outcome).toBe('cancelled');
    expect(h.provider.inFlight).toBe(0);
    expect(h.provider.calls.filter((c) => c.aborted)).toHaveLength(3);
    expect(result.counts).toMatchObject({ done: 1, cancelled: 5 });
    for (const list of terminalsByTask(h.events).values()) expect(list).toHaveLength(1);
  });

  it('pause lets in-flight requests finish and starts nothing new until resume', async () => {
    const h = harness(() => ok(1_000), { tasks: 10, settings: { workers: 2 } });
    void h.run.start();
    await h.clock.advance(1_500);
    h.run.pause();
    const pausedAt = h.events.length;
    await h.clock.advance(30_000);
    const during = h.events.slice(pausedAt);
    expect(during.filter((e) => e.type === 'attempt.started')).toEqual([]);
    expect(h.provider.inFlight).toBe(0);
    expect(h.run.view.counts.running).toBe(0);
    h.run.resume();
    const result = await h.finish();
    expect(result.counts.done).toBe(10);
  });

  it('a live RPM change takes effect on the next admissions', async () => {
    const h = harness(() => ok(10), { tasks: 30, settings: { rpm: 60, workers: 1, burst: { requests: 1 } } });
    void h.run.start();
    await h.clock.advance(10_000);
    const before = h.provider.calls.length;
    expect(before).toBeGreaterThanOrEqual(9);
    expect(before).toBeLessThanOrEqual(12);
    h.run.setControls({ rpm: 600 });
    await h.clock.advance(1_000);
    expect(h.provider.calls.length - before).toBeGreaterThanOrEqual(8);
    expect(ofType(h.events, 'run.limits').some((e) => e.source === 'user' && e.limits.rpm === 600)).toBe(true);
    await h.finish();
  });

  it('retryFailed puts failed tasks back and the run finishes them', async () => {
    let failing = true;
    const h = harness(() => (failing ? httpError(400, { message: 'Invalid value for temperature.', code: 'invalid_value' }) : ok(100)), { tasks: 3 });
    const first = await h.finish();
    expect(first.counts.failed).toBe(3);
    failing = false;
    expect(h.run.retryFailed()).toBe(3);
    const second = await h.finish();
    expect(second.counts.done).toBe(3);
    expect(ofType(h.events, 'run.finished')).toHaveLength(2);
  });

  it('learns unknown limits from the first response headers', async () => {
    const headers = { 'x-ratelimit-limit-requests': '300', 'x-ratelimit-remaining-requests': '299', 'x-ratelimit-reset-requests': '200ms' };
    const h = harness(() => ok(100, { headers }), { tasks: 4, settings: { rpm: null, tpm: null, workers: 'auto' } });
    await h.finish();
    const learned = ofType(h.events, 'run.limits').find((e) => e.source === 'server');
    expect(learned?.limits.rpm).toBe(300);
  });
});
