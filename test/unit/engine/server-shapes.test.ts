import { describe, expect, it } from 'vitest';
import { Run } from '../../../electron/engine/run.ts';
import { seededRandom } from '../../../electron/engine/random.ts';
import type { LimitShape } from '../../../electron/providers/simulator/limit-shape.ts';
import { RunSettingsSchema } from '../../../shared/domain/settings.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { ModelServerProvider } from '../../support/model-server-provider.ts';

/**
 * Whole runs of the engine against the simulator's own model of servers of every shape, on a fake
 * clock: the limiter must find each shape by itself, whether the limit is typed or left blank,
 * and finish near the fastest any client could, without a wave of 429s. The minimum for each is
 * worked out by hand in its case; the run starts 300 ms into a second (and 3.3 s into a 10 s
 * window) as a real run would, not on a boundary.
 */
const START = 1_700_000_003_300;
const REPLY_MS = 250;

interface Case {
  readonly name: string;
  readonly dimension: 'requests' | 'tokens';
  readonly shape: LimitShape;
  readonly tasks: number;
  /** Fastest finish: when the last request can be admitted, plus one reply. */
  readonly minimumMs: number;
  /** 429s the shape may cost to learn: a limit enforced over a period its headers hide shows itself only so. */
  readonly learning429s: number;
}

// 120 RPM: 2 requests a second.
const CASES: readonly Case[] = [
  // Holds 20; 40 more at 2 a second.
  { name: 'a bucket holding a sixth of the minute', dimension: 'requests', shape: { kind: 'bucket', burstSeconds: 10 }, tasks: 60, minimumMs: 20_000 + REPLY_MS, learning429s: 0 },
  // 20 per window: 20 at once, 20 when the window turns at 6.7 s, 20 at 16.7 s.
  { name: 'fixed 10 s windows', dimension: 'requests', shape: { kind: 'window', seconds: 10 }, tasks: 60, minimumMs: 16_700 + REPLY_MS, learning429s: 0 },
  // 2 per second: 2 now, then 2 at each of the next 19 seconds, the first 0.7 s away.
  { name: 'fixed 1 s windows', dimension: 'requests', shape: { kind: 'window', seconds: 1 }, tasks: 40, minimumMs: 18_700 + REPLY_MS, learning429s: 0 },
  // A whole minute in the headers, 2 per second enforced: as 1 s windows.
  { name: 'quantized per second', dimension: 'requests', shape: { kind: 'quantized', periodMs: 1_000 }, tasks: 40, minimumMs: 18_700 + REPLY_MS, learning429s: 1 },
  // A whole minute at once, then 30 more at 2 a second.
  { name: 'a bucket holding the whole minute', dimension: 'requests', shape: { kind: 'bucket', burstSeconds: 60 }, tasks: 150, minimumMs: 15_000 + REPLY_MS, learning429s: 0 },
  // 90,000 TPM (1,500 a second), requests of 2,000 tokens (1,500 of prompt, 500 of output).
  // Holds 15,000: 7 at once, then 45,000 more tokens at 1,500 a second.
  { name: 'tokens: a bucket holding a sixth of the minute', dimension: 'tokens', shape: { kind: 'bucket', burstSeconds: 10 }, tasks: 30, minimumMs: 30_000 + REPLY_MS, learning429s: 0 },
  // 15,000 per window, so 7 requests: now, and at 6.7, 16.7, 26.7 and 36.7 s.
  { name: 'tokens: fixed 10 s windows', dimension: 'tokens', shape: { kind: 'window', seconds: 10 }, tasks: 30, minimumMs: 36_700 + REPLY_MS, learning429s: 0 },
  // 1,500 a second and a request is 2,000: one per second goes into an empty second.
  { name: 'tokens: quantized per second', dimension: 'tokens', shape: { kind: 'quantized', periodMs: 1_000 }, tasks: 30, minimumMs: 28_700 + REPLY_MS, learning429s: 1 },
];

const PADDING = 'lorem ipsum dolor sit amet '.repeat(223).slice(0, 6_000 - 'Write about topic 10. '.length);

async function runAgainst(dimension: Case['dimension'], shape: LimitShape, tasks: number, options: { known: boolean; strict: boolean; start?: number }) {
  const start = options.start ?? START;
  const clock = new FakeClock(start);
  const [rpm, tpm] = dimension === 'requests' ? [120, null] : [10_000, 90_000];
  const provider = new ModelServerProvider(clock, { simulator: { rpm, tpm, shape: { [dimension]: shape }, chargeRejected: options.strict }, replyMs: REPLY_MS });
  const template = dimension === 'requests' ? 'Write about {{topic}}' : `Write about {{topic}}. ${PADDING}`;
  const run = new Run({
    id: 'shapes',
    settings: RunSettingsSchema.parse({
      rpm: options.known ? rpm : null,
      tpm: options.known ? tpm : null,
      maxTokens: dimension === 'requests' ? 100 : 500,
      workers: 'auto',
      promptTemplate: template,
    }),
    tasks: Array.from({ length: tasks }, (_, i) => ({ id: `t${i}`, index: i, topic: `topic ${i}`, vars: {} })),
    provider,
    clock,
    random: seededRandom(3),
  });
  let finished = false;
  const result = run.start().then((r) => {
    finished = true;
    return r;
  });
  await clock.runUntil(() => finished, 600_000);
  const { counts } = await result;
  return { wallMs: clock.now() - start, counts, provider, shapes: run.view.shapes };
}

describe('the engine against servers of every shape (the simulator model, fake clock)', () => {
  for (const c of CASES) {
    for (const known of [true, false]) {
      for (const strict of [false, true]) {
        const label = `${c.name}, limit ${known ? 'typed' : 'learned'}${strict ? ', 429s charged' : ''}`;
        it(`${label}: within 3 % of the fastest possible, no 429 beyond what the shape costs to learn`, async () => {
          const { wallMs, counts, provider } = await runAgainst(c.dimension, c.shape, c.tasks, { known, strict });
          expect(counts.done).toBe(c.tasks);
          expect(provider.rateLimited).toBeLessThanOrEqual(c.learning429s);
          expect(wallMs / c.minimumMs).toBeLessThanOrEqual(1.03);
        });
      }
    }
  }

  // Where the probe's answer comes back before the first window ends, the rest of that window
  // goes at once; where it comes back after, the next window does. A client that sends nothing
  // unproven cannot use the first window's rest then (0.1 s here, less than a reply), so that case
  // is held to the fastest such a client can be: the second window at once, the rest as they turn.
  // Every other moment of a window a run starts at must lose nothing.
  const phases: readonly { name: string; dimension: Case['dimension']; seconds: number; windows: number; perWindow: number; before: readonly number[] }[] = [
    { name: 'fixed 10 s windows', dimension: 'requests', seconds: 10, windows: 3, perWindow: 20, before: [0.4, 0.7, 1, 1.5, 2.5, 5, 9] },
    { name: 'tokens: fixed 10 s windows', dimension: 'tokens', seconds: 10, windows: 3, perWindow: 7, before: [0.4, 0.7, 1, 2.5, 5, 9] },
    { name: 'fixed 1 s windows', dimension: 'requests', seconds: 1, windows: 20, perWindow: 2, before: [0.1, 0.3, 0.5, 0.7, 0.9] },
    { name: 'fixed 10 s windows', dimension: 'requests', seconds: 10, windows: 3, perWindow: 20, before: [0.1] },
  ];
  for (const phase of phases) {
    for (const secondsToEnd of phase.before) {
      for (const strict of [false, true]) {
        it(`${phase.name}, the run starting ${secondsToEnd} s before one ends${strict ? ', 429s charged' : ''}: within 3 % of the fastest possible, no 429`, async () => {
          const start = 1_700_000_010_000 - secondsToEnd * 1_000;
          const tasks = phase.windows * phase.perWindow;
          const windowsAfterTheFirst = secondsToEnd * 1_000 < REPLY_MS ? phase.windows - 1 : phase.windows - 2;
          const minimumMs = (secondsToEnd + windowsAfterTheFirst * phase.seconds) * 1_000 + REPLY_MS;
          const { wallMs, counts, provider } = await runAgainst(phase.dimension, { kind: 'window', seconds: phase.seconds }, tasks, { known: true, strict, start });
          expect(counts.done).toBe(tasks);
          expect(provider.rateLimited).toBe(0);
          expect(wallMs / minimumMs).toBeLessThanOrEqual(1.03);
        });
      }
    }
  }

  it('says what it learned in the run\'s events: the window, or the burst', async () => {
    expect((await runAgainst('requests', { kind: 'window', seconds: 10 }, 30, { known: true, strict: false })).shapes?.requests).toEqual({ kind: 'window', seconds: 10, allowance: 20 });
    expect((await runAgainst('requests', { kind: 'bucket', burstSeconds: 10 }, 40, { known: true, strict: false })).shapes?.requests).toEqual({ kind: 'bucket', burst: 20 });
  });
});
