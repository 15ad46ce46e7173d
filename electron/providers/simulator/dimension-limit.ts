import { assertNever } from '../../../shared/assert-never.ts';
import { ContinuousBucket } from './continuous-bucket.ts';
import { FixedWindow } from './fixed-window.ts';
import type { LimitShape } from './limit-shape.ts';

/**
 * One limited dimension (requests or tokens) under one shape. Every shape's admission is
 * monotone in time (once a request fits, it keeps fitting while nothing else is charged), so the
 * wait of a request limited by several rules is the largest of their waits, and a 429's
 * retry-after is exactly when this request would be admitted.
 */
export interface DimensionLimit {
  /** Per minute, as configured: reading it back from a rate could print 499.99999999999994. */
  readonly limit: number;
  readonly shape: LimitShape;
  /** Whole ms until `cost` would be admitted; 0 when it would be now. */
  waitMs(cost: number, now: number): number;
  charge(cost: number, now: number): void;
  /** What the x-ratelimit-* headers and a 429's message report. */
  report(now: number): DimensionReport;
}

export interface DimensionReport {
  readonly remaining: number;
  readonly resetMs: number;
  /** Units counted against the limit now, for "Used N" in a 429's message. */
  readonly used: number;
}

/**
 * The limit for `shape`, carrying over what `previous` had used where the two measure the same
 * thing (a bucket's level into a bucket; a window's count into a window of the same length), so
 * a live change does not hand out a fresh burst. Anything else starts fresh.
 */
export function dimensionLimit(limit: number, shape: LimitShape, now: number, previous?: DimensionLimit): DimensionLimit {
  switch (shape.kind) {
    case 'bucket':
      return new ShapedLimit(limit, shape, carriedBucket(limit, (limit * shape.burstSeconds) / 60, now, previous), undefined);
    case 'window':
      return new ShapedLimit(limit, shape, undefined, carriedWindow(shape.seconds * 1_000, (limit * shape.seconds) / 60, now, previous));
    case 'quantized':
      // A whole-minute bucket in the headers, and a sub-window nobody is told about.
      return new ShapedLimit(limit, shape, carriedBucket(limit, limit, now, previous), carriedWindow(shape.periodMs, (limit * shape.periodMs) / 60_000, now, previous));
    default:
      return assertNever(shape, 'limit shape');
  }
}

/**
 * A continuous bucket, a fixed window, or both (quantized): a request waits for the later of the
 * two and is charged to both. The headers speak of the bucket where there is one.
 */
class ShapedLimit implements DimensionLimit {
  readonly limit: number;
  readonly shape: LimitShape;
  readonly bucket: ContinuousBucket | undefined;
  readonly window: FixedWindow | undefined;

  constructor(limit: number, shape: LimitShape, bucket: ContinuousBucket | undefined, window: FixedWindow | undefined) {
    this.limit = limit;
    this.shape = shape;
    this.bucket = bucket;
    this.window = window;
  }

  waitMs(cost: number, now: number): number {
    return Math.max(this.bucket?.waitMs(cost, now) ?? 0, this.window?.waitMs(cost, now) ?? 0);
  }

  charge(cost: number, now: number): void {
    this.bucket?.charge(cost, now);
    this.window?.charge(cost, now);
  }

  report(now: number): DimensionReport {
    if (this.bucket) return bucketReport(this.bucket, now);
    const window = this.window!;
    return { remaining: window.remaining(now), resetMs: window.msToEnd(now), used: window.usedAt(now) };
  }
}

function bucketReport(bucket: ContinuousBucket, now: number): DimensionReport {
  const level = bucket.levelAt(now);
  return { remaining: Math.max(0, Math.floor(level)), resetMs: bucket.msUntilFull(now), used: Math.max(0, Math.round(bucket.capacity - level)) };
}

function carriedBucket(perMinute: number, capacity: number, now: number, previous: DimensionLimit | undefined): ContinuousBucket {
  const old = previous instanceof ShapedLimit ? previous.bucket : undefined;
  return new ContinuousBucket(perMinute, capacity, old ? old.levelAt(now) : capacity, now);
}

function carriedWindow(periodMs: number, allowance: number, now: number, previous: DimensionLimit | undefined): FixedWindow {
  const old = previous instanceof ShapedLimit ? previous.window : undefined;
  return new FixedWindow(periodMs, allowance, now, old && old.periodMs === periodMs ? old.usedAt(now) : 0);
}
