import { describe, expect, it } from 'vitest';
import { chooseTier, handoverAt } from '../../../../electron/engine/batch/batch-choice.ts';
import { RunSettingsSchema } from '../../../../shared/domain/settings.ts';

const HOUR = 3_600_000;
const remaining = { requests: 1_000, tokens: 1_000_000 };

describe('chooseTier', () => {
  it('keeps online and batch as the user set them', () => {
    expect(chooseTier(RunSettingsSchema.parse({ mode: 'online' }), remaining)).toBe('online');
    expect(chooseTier(RunSettingsSchema.parse({ mode: 'batch', deadlineMs: 60_000 }), remaining)).toBe('batch');
  });

  it('auto: batch with no deadline, or one past the 24 h window', () => {
    expect(chooseTier(RunSettingsSchema.parse({ mode: 'auto' }), remaining)).toBe('batch');
    expect(chooseTier(RunSettingsSchema.parse({ mode: 'auto', deadlineMs: 27 * HOUR }), remaining)).toBe('batch');
  });

  it('auto: batch when online could still finish in time after it, online otherwise', () => {
    // 1,000,000 tokens at 200,000 TPM: 4 min after the first minute's burst.
    const fits = RunSettingsSchema.parse({ mode: 'auto', deadlineMs: 2 * HOUR, tpm: 200_000 });
    expect(chooseTier(fits, remaining)).toBe('batch');
    const tight = RunSettingsSchema.parse({ mode: 'auto', deadlineMs: 5 * 60_000, tpm: 200_000 });
    expect(chooseTier(tight, remaining)).toBe('online');
  });

  it('auto: online when the limits are unknown and the deadline is inside the window', () => {
    expect(chooseTier(RunSettingsSchema.parse({ mode: 'auto', deadlineMs: 2 * HOUR }), remaining)).toBe('online');
  });
});

describe('handoverAt', () => {
  const settings = RunSettingsSchema.parse({ mode: 'auto', deadlineMs: 2 * HOUR, tpm: 200_000 });
  const deadlineAt = 2 * HOUR;

  it('hands over when the online time plus the margin reaches the deadline', () => {
    // Online needs 4 min, the margin is 12 min (a tenth of 2 h): hand over at 1 h 44 min.
    expect(handoverAt(settings, deadlineAt, remaining)).toBe(104 * 60_000);
    // Unknown limits: at the margin.
    expect(handoverAt(RunSettingsSchema.parse({ mode: 'auto', deadlineMs: 2 * HOUR }), deadlineAt, remaining)).toBe(108 * 60_000);
  });

  it('never without a deadline or with nothing left', () => {
    expect(handoverAt(RunSettingsSchema.parse({ mode: 'batch' }), undefined, remaining)).toBe(Infinity);
    expect(handoverAt(settings, deadlineAt, { requests: 0, tokens: 0 })).toBe(Infinity);
  });
});
