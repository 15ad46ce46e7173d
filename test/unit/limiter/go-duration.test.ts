import { describe, expect, it } from 'vitest';
import { parseGoDuration } from '../../../electron/engine/limiter/go-duration.ts';

describe('parseGoDuration', () => {
  it.each([
    ['4m12.172s', 252_172],
    ['12ms', 12],
    ['1s', 1_000],
    ['6m0s', 360_000],
    ['51.189s', 51_189],
    ['23h18m29.144s', 83_909_144],
    ['0s', 0],
    ['0', 0],
    ['1.5h', 5_400_000],
    ['250us', 0.25],
    ['250µs', 0.25],
    ['250μs', 0.25],
    ['1500ns', 0.0015],
    ['.5s', 500],
    ['2.s', 2_000],
    ['+3s', 3_000],
    [' 9ms ', 9],
    ['1h0m0.001s', 3_600_001],
    // Decimal fractions times unit sizes leave float noise without rounding (1.005 * 1000 = 1004.9999…).
    ['1.005s', 1_005],
    ['4.35m', 261_000],
    ['1.1h', 3_960_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each([
    [''],
    ['-1s'],
    ['-0s'],
    ['1'],
    ['12'],
    ['s'],
    ['.s'],
    ['1x'],
    ['1s junk'],
    ['1 s'],
    ['1..5s'],
    ['NaN'],
    ['1e3ms'],
    ['soon'],
  ])('rejects %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
