import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../electron/engine/limiter/rate-limiter.ts';
import { seededRandom } from '../../../electron/engine/random.ts';
import { Run } from '../../../electron/engine/run.ts';
import { RunSettingsSchema } from '../../../shared/domain/settings.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { ModelServerProvider } from '../../support/model-server-provider.ts';

/**
 * Two runs of one process drawing on one limiter (as the quota registry gives them) against the
 * bench's server: 1,200 RPM in fixed 5 s windows of 100, 429s charged. One process sends a burst
 * one request after another, so the last of a burst reaches the server ~1 ms per request after
 * the first. Whatever moment of a window the runs start at, no window may be asked for more than
 * it holds.
 */
const WINDOW_MS = 5_000;
const ALLOWANCE = 100;
const BOUNDARY = 1_700_000_000_000;

async function twoRunsStartingBefore(boundaryInMs: number) {
  const clock = new FakeClock(BOUNDARY - boundaryInMs);
  const provider = new ModelServerProvider(clock, {
    simulator: { rpm: 1_200, tpm: null, shape: { requests: { kind: 'window', seconds: 5 } }, chargeRejected: true },
    replyMs: 250,
    sendSpacingMs: 1.2,
  });
  const settings = RunSettingsSchema.parse({ rpm: 1_200, tpm: null, maxTokens: 20, workers: 'auto', promptTemplate: 'Write about {{topic}}', retry: { maxAttempts: 12, baseDelayMs: 1_000, maxDelayMs: 60_000 } });
  const limiter = new RateLimiter({ clock, rpm: 1_200, tpm: null, networkDelayMs: 50 });
  const runs = [0, 1].map(
    (r) => new Run({ id: `run-${r}`, settings, tasks: Array.from({ length: 250 }, (_, i) => ({ id: `t${i}`, index: i, topic: `run ${r} topic ${i}`, vars: {} })), provider, clock, random: seededRandom(3 + r), limiter }),
  );
  let finished = 0;
  const results = runs.map((run) => run.start().finally(() => (finished += 1)));
  await clock.runUntil(() => finished === runs.length, 600_000);
  const asked = new Map<number, number>();
  for (const { at } of provider.arrivals) asked.set(Math.floor(at / WINDOW_MS), (asked.get(Math.floor(at / WINDOW_MS)) ?? 0) + 1);
  return { results: await Promise.all(results), peakAsked: Math.max(...asked.values()), rateLimited: provider.rateLimited };
}

describe('two runs sharing one limiter against fixed windows (simulator model, fake clock)', () => {
  // The shape is learned within the first window: starting 0.5–1.5 s before its end puts the
  // first full burst right before a boundary.
  for (const before of [500, 600, 700, 800, 1_000, 1_500, 4_200]) {
    it(`starting ${before} ms before a window ends: no window asked for more than its ${ALLOWANCE}`, async () => {
      const { results, peakAsked, rateLimited } = await twoRunsStartingBefore(before);
      expect(results.map((r) => r.counts.done)).toEqual([250, 250]);
      expect(peakAsked).toBeLessThanOrEqual(ALLOWANCE);
      expect(rateLimited).toBe(0);
    });
  }
});
