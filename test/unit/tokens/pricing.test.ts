import { describe, expect, it } from 'vitest';
import { costUsd, priceFor } from '../../../shared/pricing.ts';

describe('priceFor', () => {
  it('knows the listed models', () => {
    expect(priceFor('gpt-4o-mini')).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
    expect(priceFor('gpt-4o')).toEqual({ inputPerMillion: 2.5, outputPerMillion: 10 });
    expect(priceFor('gpt-4.1-nano')).toEqual({ inputPerMillion: 0.1, outputPerMillion: 0.4 });
    expect(priceFor('gpt-5-mini')).toEqual({ inputPerMillion: 0.25, outputPerMillion: 2 });
    expect(priceFor('o3')).toEqual({ inputPerMillion: 2, outputPerMillion: 8 });
  });

  it('prices a dated snapshot like its alias, without confusing gpt-4o with gpt-4o-mini', () => {
    expect(priceFor('gpt-4o-mini-2024-07-18')).toEqual(priceFor('gpt-4o-mini'));
    expect(priceFor('gpt-4o-2024-08-06')).toEqual(priceFor('gpt-4o'));
    expect(priceFor(' GPT-5-2025-08-07 ')).toEqual(priceFor('gpt-5'));
  });

  it('has no price for unknown, fine-tuned or look-alike models', () => {
    for (const model of ['gpt-4', 'gpt-4o-mini-tts', 'gpt-4o-realtime-preview', 'ft:gpt-4o-mini:acme::x', 'o3-pro', 'gpt-5-2025', 'llama', 'toString', '__proto__']) {
      expect(priceFor(model), model).toBeUndefined();
    }
  });
});

describe('costUsd', () => {
  it('charges input and output per million tokens', () => {
    // 2M in at $0.15 + 500k out at $0.60
    expect(costUsd({ inputPerMillion: 0.15, outputPerMillion: 0.6 }, 2_000_000, 500_000)).toBeCloseTo(0.6, 10);
  });
});
