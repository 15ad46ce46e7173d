import { describe, expect, it } from 'vitest';
import { windowFigures } from '../../bench/team/window-counts.ts';

/** Arrivals written out by hand: 5 s windows of 4 requests, on clock-aligned boundaries. */
const at = (ms: number, admitted = true, key = 'A001') => ({ at: ms, key, admitted });

describe('bench: what the server’s windows saw', () => {
  it('counts only full windows for throughput, and the most any window of one key was asked', () => {
    const arrivals = [
      at(4_000), // a partial first window
      ...[5_000, 5_100, 5_200, 5_300].map((ms) => at(ms)),
      ...[10_000, 10_100, 10_200].map((ms) => at(ms)),
      at(10_300, false), // refused, and with strict accounting still asked of its window
      at(10_400, false),
      at(15_100), // a partial last window
    ];
    expect(windowFigures(arrivals, 5_000, 4, 1)).toEqual({ fill: 7 / 8, peakAsked: 5, windows: 2 });
  });

  it('adds what two keys admitted in a window against both allowances, and peaks per key', () => {
    const arrivals = [at(0), at(0, true, 'B002'), ...[5_000, 5_001, 5_002, 5_003].map((ms) => at(ms)), ...[5_000, 5_001].map((ms) => at(ms, true, 'B002')), at(10_000)];
    expect(windowFigures(arrivals, 5_000, 4, 2)).toEqual({ fill: 6 / 8, peakAsked: 4, windows: 1 });
  });

  it('has no full window to speak of in a run shorter than three windows', () => {
    expect(windowFigures([at(0), at(5_000)], 5_000, 4, 1)).toEqual({ fill: 0, peakAsked: 1, windows: 0 });
    expect(windowFigures([], 5_000, 4, 1)).toEqual({ fill: 0, peakAsked: 0, windows: 0 });
  });
});
