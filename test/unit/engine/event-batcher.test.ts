import { describe, expect, it } from 'vitest';
import { EventBatcher } from '../../../electron/engine/event-batcher.ts';
import { FakeClock } from '../../support/fake-clock.ts';

function setup(maxSize = 1_000) {
  const clock = new FakeClock();
  const batches: number[][] = [];
  const batcher = new EventBatcher<number>({ clock, intervalMs: 100, maxSize, deliver: (b) => batches.push(b) });
  return { clock, batches, batcher };
}

describe('EventBatcher', () => {
  it('delivers what arrived within one interval as one batch, in order', async () => {
    const { clock, batches, batcher } = setup();
    for (let i = 0; i < 500; i++) batcher.add(i);
    await clock.advance(99);
    expect(batches).toEqual([]);
    await clock.advance(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('at most one delivery per interval under a steady stream', async () => {
    const { clock, batches, batcher } = setup();
    for (let t = 0; t < 1_000; t += 10) {
      batcher.add(t);
      await clock.advance(10);
    }
    expect(batches.length).toBeGreaterThanOrEqual(9);
    expect(batches.length).toBeLessThanOrEqual(10);
    expect(batches.flat()).toHaveLength(100);
  });

  it('delivers early when a batch fills up', () => {
    const { batches, batcher } = setup(3);
    [1, 2, 3, 4].forEach((n) => batcher.add(n));
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('close() delivers what is pending and refuses more, so the stream always ends', async () => {
    const { clock, batches, batcher } = setup();
    batcher.add(1);
    batcher.close();
    expect(batches).toEqual([[1]]);
    expect(() => batcher.add(2)).toThrow(/after close/);
    await clock.advance(1_000);
    expect(batches).toEqual([[1]]);
    expect(clock.pending).toBe(0);
  });
});
