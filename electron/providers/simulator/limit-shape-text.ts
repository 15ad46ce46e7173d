import { assertNever } from '../../../shared/assert-never.ts';
import type { LimitShape } from './limit-shape.ts';
import { validateLimitShape } from './limit-shape.ts';

/**
 * Shapes as one short word for flags and labels: `bucket:60` (burst seconds), `window:10`
 * (seconds), `quantized:1s` or `quantized:100ms`.
 */
export const LIMIT_SHAPE_SYNTAX = 'bucket:SECONDS, window:SECONDS (1-60) or quantized:1s|100ms';

export function parseLimitShape(name: string, text: string): LimitShape {
  const [kind, value = ''] = text.trim().split(':', 2);
  const number = value.trim() === '' ? Number.NaN : Number(value);
  switch (kind) {
    case 'bucket':
      return validateLimitShape(name, { kind, burstSeconds: number });
    case 'window':
      return validateLimitShape(name, { kind, seconds: number });
    case 'quantized': {
      const periodMs = value === '1s' ? 1000 : value === '100ms' ? 100 : value;
      return validateLimitShape(name, { kind, periodMs });
    }
    default:
      throw new RangeError(`Simulator option '${name}' must be ${LIMIT_SHAPE_SYNTAX}, got '${text}'`);
  }
}

export function formatLimitShape(shape: LimitShape): string {
  switch (shape.kind) {
    case 'bucket':
      return `bucket:${shape.burstSeconds}`;
    case 'window':
      return `window:${shape.seconds}`;
    case 'quantized':
      return `quantized:${shape.periodMs === 1000 ? '1s' : '100ms'}`;
    default:
      return assertNever(shape, 'limit shape');
  }
}
