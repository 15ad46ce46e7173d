import { assertNever } from './assert-never.ts';
import type { LimitShape, LimitShapes, Limits } from './domain/rate-limit.ts';

/**
 * What the server turned out to allow, in words, for the run's gauge and the CLI's summary:
 * "60 RPM, at most 10 at once", "90,000 TPM in 10 s windows of 15,000", "120 RPM, 2 per 1 s".
 * A dimension with no limit in force says so.
 */
export function limitWords(limits: Limits, shapes: LimitShapes | undefined): { requests: string; tokens: string } {
  return {
    requests: dimensionWords(limits.rpm, 'RPM', shapes?.requests),
    tokens: dimensionWords(limits.tpm, 'TPM', shapes?.tokens),
  };
}

function dimensionWords(limit: number | null, unit: string, shape: LimitShape | undefined): string {
  if (limit === null) return `${unit} unknown or unlimited`;
  const rate = `${count(limit)} ${unit}`;
  if (!shape) return rate;
  switch (shape.kind) {
    case 'learning':
      return shape.burst > 0 ? `${rate}, ${count(shape.burst)} at once so far` : rate;
    case 'bucket':
      return `${rate}, at most ${count(shape.burst)} at once`;
    case 'pinned':
      return `${rate}, ${count(shape.burst)} at once (set)`;
    case 'window':
      return `${rate} in ${count(shape.seconds)} s windows of ${count(shape.allowance)}`;
    case 'quantized':
      return `${rate}, ${count(shape.allowance)} per ${count(shape.seconds)} s`;
    default:
      return assertNever(shape, 'limit shape');
  }
}

function count(value: number): string {
  return Math.round(value * 100) / 100 >= 1_000 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 100) / 100);
}
