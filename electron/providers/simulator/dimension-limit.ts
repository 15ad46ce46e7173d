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
      return new BucketLimit(limit, shape, carriedBucket(limit, (limit * shape.burstSeconds) / 60, now, previous));
    case 'window':
      return new WindowLimit(limit, shape, carriedWindow(shape.seconds * 1_000, (limit * shape.seconds) / 60, now, previous));
    case 'quantized':
      return new QuantizedLimit(limit, shape, carriedBucket(limit, limit, now, previous), carriedWindow(shape.periodMs, (limit * shape.periodMs) / 60_000, now, previous));
    default:
      return assertNever(shape, 'limit shape');
  }
}

class BucketLimit implements DimensionLimit {
  readonly limit: number;
  readonly shape: LimitShape;
  readonly bucket: ContinuousBucket;

  constructor(limit: number, shape: LimitShape, bucket: ContinuousBucket) {
    this.limit = limit;
    this.shape = shape;
    this.bucket = bucket;
  }

  waitMs(cost: number, now: number): number {
    return this.bucket.waitMs(cost, now);
  }

  charge(cost: number, now: number): void {
    this.bucket.charge(cost, now);
  }

  report(now: number): DimensionReport {
    return bucketReport(this.bucket, now);
  }
}

class WindowLimit implements DimensionLimit {
  readonly limit: number;
  readonly shape: LimitShape;
  readonly window: FixedWindow;

  constructor(limit: number, shape: LimitShape, window: FixedWindow) {
    this.limit = limit;
    this.shape = shape;
    this.window = window;
  }

  waitMs(cost: number, now: number): number {
    return this.window.waitMs(cost, now);
  }

  charge(cost: number, now: number): void {
    this.window.charge(cost, now);
  }

  report(now: number): DimensionReport {
    return { remaining: this.window.remaining(now), resetMs: this.window.msToEnd(now), used: this.window.usedAt(now) };
  }
}

/** A whole-minute bucket in the headers, and a sub-window nobody is told about. */
class QuantizedLimit implements DimensionLimit {
  readonly limit: number;
  readonly shape: LimitShape;
  readonly bucket: ContinuousBucket;
  readonly window: FixedWindow;

  constructor(limit: number, shape: LimitShape, bucket: ContinuousBucket, window: FixedWindow) {
    this.limit = limit;
    this.shape = shape;
    this.bucket = bucket;
    this.window = window;
  }

  waitMs(cost: number, now: number): number {
    return Math.max(this.bucket.waitMs(cost, now), this.window.waitMs(cost, now));
  }

  charge(cost: number, now: number): void {
    this.bucket.charge(cost, now);
    this.window.charge(cost, now);
  }

  report(now: number): DimensionReport {
    return bucketReport(this.bucket, now);
  }
}

function bucketReport(bucket: ContinuousBucket, now: number): DimensionReport {
  const level = bucket.levelAt(now);
  return { remaining: Math.max(0, Math.floor(level)), resetMs: bucket.msUntilFull(now), used: Math.max(0, Math.round(bucket.capacity - level)) };
}

function carriedBucket(perMinute: number, capacity: number, now: number, previous: DimensionLimit | undefined): ContinuousBucket {
  const old = previous instanceof BucketLimit || previous instanceof QuantizedLimit ? previous.bucket : undefined;
  return new ContinuousBucket(perMinute, capacity, old ? old.levelAt(now) : capacity, now);
}

function carriedWindow(periodMs: number, allowance: number, now: number, previous: DimensionLimit | undefined): FixedWindow {
  const old = previous instanceof WindowLimit || previous instanceof QuantizedLimit ? previous.window : undefined;
  return new FixedWindow(periodMs, allowance, now, old && old.periodMs === periodMs ? old.usedAt(now) : 0);
}
