import { afterEach, describe, expect, it } from 'vitest';
import { closeLiveRuns, duplicates, FAST, liveRun } from './engine-harness.ts';

const QUICK_RETRY = { maxAttempts: 12, baseDelayMs: 20, maxDelayMs: 200 };
afterEach(closeLiveRuns);

describe('engine against the simulator: faults and controls', () => {
  it('completes every task through a mix of 5xx, overloads, hangs and dropped connections', async () => {
    // The timeout ends hung requests; it is well above a reply's ~25 ms so that a busy CI machine's
    // pauses do not time out replies the server completed (each would be paid, and counted, twice).
    const live = await liveRun(
      { seed: 1, rpm: null, tpm: null, latency: FAST, faults: { serverErrorRate: 0.15, overloadRate: 0.05, hangRate: 0.05, dropRate: 0.05 } },
      { rpm: 100_000, tpm: 10_000_000, maxTokens: 50, workers: 8, requestTimeoutMs: 1_500, retry: QUICK_RETRY },
      { tasks: 40 },
    );
    const result = await live.start();
    expect(result.counts.done).toBe(40);
    const failures = live.events.filter((e) => e.type === 'attempt.failed').map((e) => (e.type === 'attempt.failed' ? e.error.kind : ''));
    expect(failures).toContain('server_error');
    expect(failures).toContain('timeout');
    expect(failures).toContain('network');
    expect(live.sim.stats().succeeded).toBe(40);
    expect(duplicates(live.sim)).toEqual([]);
  });

  it('stops the run after one request when the quota is exhausted', async () => {
    const live = await liveRun({ quotaRequests: 0, latency: FAST }, { rpm: 600, tpm: 1_000_000, maxTokens: 50, workers: 8 }, { tasks: 20 });
    const result = await live.start();
    expect(result.outcome).toBe('stopped');
    expect(result.error?.code).toBe('insufficient_quota');
    expect(result.error?.message).toMatch(/quota/i);
    expect(live.sim.stats().requests).toBe(1);
    expect(result.counts.cancelled).toBe(20);
  });

  it('stops the run after one request on a wrong key', async () => {
    const live = await liveRun({ apiKeys: ['sk-right'], latency: FAST }, { rpm: 600, tpm: 1_000_000, maxTokens: 50, workers: 8 }, { tasks: 10, apiKey: 'sk-wrong' });
    const result = await live.start();
    expect(result.outcome).toBe('stopped');
    expect(result.error?.code).toBe('invalid_api_key');
    expect(live.sim.stats().requests).toBe(1);
  });

  it('cancel aborts the requests in flight on the server side too', async () => {
    // Each reply streams for ~10 s, so only a real abort ends them quickly.
    const live = await liveRun({ rpm: null, tpm: null, latency: { firstTokenMs: 20, jitterMs: 0, tokensPerSecond: 20 } }, { rpm: 100_000, tpm: 10_000_000, maxTokens: 200, workers: 4 }, { tasks: 12 });
    const done = live.start();
    await live.until((e, run) => e.type === 'attempt.started' && run.view.counts.running === 4);
    const cancelledAt = performance.now();
    await live.run.cancel();
    const result = await done;
    expect(performance.now() - cancelledAt).toBeLessThan(2_000);
    expect(result.outcome).toBe('cancelled');
    expect(result.counts.cancelled).toBe(12);
    await expect.poll(() => live.sim.stats().inFlight, { timeout: 2_000 }).toBe(0);
    expect(live.sim.stats().succeeded).toBe(0);
  });

  it('pause lets in-flight requests finish, sends nothing new, and resume completes the run', async () => {
    const live = await liveRun({ rpm: null, tpm: null, latency: { firstTokenMs: 150, jitterMs: 0, tokensPerSecond: 50_000 } }, { rpm: 100_000, tpm: 10_000_000, maxTokens: 50, workers: 3 }, { tasks: 15 });
    const done = live.start();
    await live.until((e, run) => e.type === 'task.done' && run.view.counts.done >= 3);
    live.run.pause();
    const pausedAt = live.events.length;
    await live.until((_, run) => run.view.counts.running === 0);
    const requestsWhenIdle = live.sim.stats().requests;
    await new Promise((r) => setTimeout(r, 400)); // a window in which a leak would send something
    expect(live.sim.stats().requests).toBe(requestsWhenIdle);
    const started = live.events.slice(pausedAt).filter((e) => e.type === 'attempt.started');
    expect(started).toEqual([]);
    live.run.resume();
    const result = await done;
    expect(result.counts.done).toBe(15);
    expect(live.sim.stats().succeeded).toBe(15);
  });
});
