import { afterEach, describe, expect, it } from 'vitest';
import { closeLiveRuns, duplicates, FAST, liveRun } from './engine-harness.ts';

// Real HTTP, real time: each run is sized to take ~3 s. The bounds are loose on purpose (CI has two
// busy cores); exact speed targets live in `npm run bench`. What must hold exactly: nothing lost,
// nothing duplicated, no 429 storm, and never faster than the limit allows.
afterEach(closeLiveRuns);

describe('engine against the simulator: limits', () => {
  it('an RPM-bound run finishes near the minimum with no 429 storm', async () => {
    // 10 requests/s, a 1 s burst (10): 40 requests need (40 − 10) / 10 = 3 s at least.
    const live = await liveRun({ rpm: 600, tpm: null, burstSeconds: 1, latency: FAST }, { rpm: 600, tpm: 10_000_000, maxTokens: 50, workers: 'auto' }, { tasks: 40 });
    const result = await live.start();
    expect(result.counts.done).toBe(40);
    expect(live.sim.stats().rateLimited).toBeLessThanOrEqual(1);
    expect(result.wallMs).toBeGreaterThan(3_000 * 0.95);
    expect(result.wallMs).toBeLessThan(3_000 * 1.35 + 500);
    expect(duplicates(live.sim)).toEqual([]);
  });

  it('a TPM-bound run finishes near the minimum with no 429 storm', async () => {
    // 1,000 tokens/s, a 1 s burst; each request is charged ~5 prompt + 200 max tokens by the server.
    const live = await liveRun({ rpm: null, tpm: 60_000, burstSeconds: 1, latency: FAST }, { rpm: 100_000, tpm: 60_000, maxTokens: 200, workers: 'auto' }, { tasks: 20 });
    const result = await live.start();
    const charged = 20 * 205;
    const minimumMs = (charged - 1_000) / 1;
    expect(result.counts.done).toBe(20);
    expect(live.sim.stats().rateLimited).toBeLessThanOrEqual(1);
    expect(result.wallMs).toBeGreaterThan(minimumMs * 0.9);
    expect(result.wallMs).toBeLessThan(minimumMs * 1.35 + 500);
    expect(duplicates(live.sim)).toEqual([]);
  });

  it('learns unknown limits from the headers and then keeps to them', async () => {
    const live = await liveRun({ rpm: 600, tpm: 1_000_000, burstSeconds: 1, latency: FAST }, { rpm: null, tpm: null, maxTokens: 50, workers: 'auto' }, { tasks: 30 });
    const result = await live.start();
    expect(result.counts.done).toBe(30);
    const learned = live.events.filter((e) => e.type === 'run.limits' && e.source === 'server');
    expect(learned.at(-1)).toMatchObject({ limits: { rpm: 600, tpm: 1_000_000 } });
    expect(live.sim.stats().rateLimited).toBeLessThanOrEqual(2);
  });

  it('a live RPM raise speeds the run up without tripping the server', async () => {
    // At the starting 120/min, 30 requests would take ~14 s; raised to 1,200/min they take ~2 s.
    const live = await liveRun({ rpm: 1_200, tpm: null, burstSeconds: 1, latency: FAST }, { rpm: 120, tpm: 10_000_000, maxTokens: 50, workers: 'auto' }, { tasks: 30 });
    const done = live.start();
    await live.until((e, run) => e.type === 'task.done' && run.view.counts.done === 3);
    live.run.setControls({ rpm: 1_200 });
    const result = await done;
    expect(result.counts.done).toBe(30);
    expect(result.wallMs).toBeLessThan(7_000);
    expect(live.sim.stats().rateLimited).toBe(0);
  });
});
