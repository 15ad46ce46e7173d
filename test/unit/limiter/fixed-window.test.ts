import { describe, expect, it } from 'vitest';
import { FixedWindow } from '../../../electron/engine/limiter/fixed-window.ts';

const window = (used = 0) => new FixedWindow({ end: 1_000, lengthMs: 10_000, allowance: 10, used });

describe('FixedWindow', () => {
  it('admits the allowance at once, then nothing until the next window, which starts empty', () => {
    const w = window();
    for (let i = 0; i < 10; i++) {
      expect(w.msUntil(1, 0)).toBe(0);
      w.adjust(1, 0);
    }
    expect(w.msUntil(1, 0)).toBe(1_000);
    expect(w.msUntil(1, 1_000)).toBe(0);
    expect(w.room(1_000)).toBe(10);
    expect(w.end(1_000)).toBe(11_000);
  });

  it('lets a request larger than a whole window into an empty one, and nothing carries over', () => {
    const w = window();
    expect(w.msUntil(25, 0)).toBe(0);
    w.adjust(25, 0);
    expect(w.msUntil(1, 0)).toBe(1_000);
    expect(w.room(1_000)).toBe(10);
  });

  it('skips whole windows that passed while idle', () => {
    const w = window(10);
    expect(w.end(35_000)).toBe(41_000);
    expect(w.room(35_000)).toBe(10);
  });

  it('estimates how many windows a line of waiters needs', () => {
    const w = window(4);
    expect(w.estimateMs(6, 0)).toBe(0);
    expect(w.estimateMs(7, 0)).toBe(1_000);
    expect(w.estimateMs(17, 0)).toBe(11_000);
  });

  it('a drain spends the window; a refund gives units back', () => {
    const w = window(3);
    w.drain(0);
    expect(w.room(0)).toBe(0);
    const v = window(5);
    v.adjust(-2, 0);
    expect(v.room(0)).toBe(7);
  });

  it('takes a later boundary from the server, and its count when someone else used the window', () => {
    const w = window(2);
    // The server says only 5 are left where we counted 8 (2 granted since that answer).
    w.observe({ end: 1_000, remaining: 5, grantedAfter: 2, allowance: 10, lengthMs: undefined }, 0);
    expect(w.room(0)).toBe(3);
    // An answer from a window a whole length ahead moves ours there.
    w.observe({ end: 11_020, remaining: 9, grantedAfter: 0, allowance: 10, lengthMs: 10_000 }, 1_500);
    expect(w.end(1_500)).toBe(11_020);
    expect(w.room(1_500)).toBe(9);
    // A late answer about a past window changes nothing.
    w.observe({ end: 1_000, remaining: 0, grantedAfter: 0, allowance: 10, lengthMs: 10_000 }, 1_500);
    expect(w.room(1_500)).toBe(9);
  });
});

describe('FixedWindow guard before its end', () => {
  it('admits nothing new in the last guardMs of a window, room or not, and admits at the turn', () => {
    const w = new FixedWindow({ end: 1_000, lengthMs: 10_000, allowance: 10, used: 2, guardMs: 300 });
    expect(w.msUntil(1, 600)).toBe(0);
    expect(w.msUntil(1, 700)).toBe(300);
    expect(w.room(700)).toBe(0);
    expect(w.estimateMs(1, 700)).toBe(300);
    expect(w.msUntil(1, 1_000)).toBe(0);
    expect(w.room(1_000)).toBe(10);
  });
});
