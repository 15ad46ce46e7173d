import { describe, expect, it } from 'vitest';
import { applyPriceOverrides, parsePriceOverrides, PriceOverrideError } from '../../../shared/price-overrides.ts';
import { costUsd, DEFAULT_PRICES, priceFor } from '../../../shared/pricing.ts';

describe('priceFor', () => {
  it('knows the listed models, each with the Batch API’s 50 % discount', () => {
    expect(priceFor('gpt-4o-mini')).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6, batchDiscount: 0.5 });
    expect(priceFor('gpt-4o')).toEqual({ inputPerMillion: 2.5, outputPerMillion: 10, batchDiscount: 0.5 });
    expect(priceFor('gpt-4.1-nano')).toEqual({ inputPerMillion: 0.1, outputPerMillion: 0.4, batchDiscount: 0.5 });
    expect(priceFor('gpt-5-mini')).toEqual({ inputPerMillion: 0.25, outputPerMillion: 2, batchDiscount: 0.5 });
    expect(priceFor('o3')).toEqual({ inputPerMillion: 2, outputPerMillion: 8, batchDiscount: 0.5 });
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
  const mini = { inputPerMillion: 0.15, outputPerMillion: 0.6, batchDiscount: 0.5 };

  it('charges input and output per million tokens', () => {
    // 2M in at $0.15 + 500k out at $0.60
    expect(costUsd(mini, 2_000_000, 500_000)).toBeCloseTo(0.6, 10);
  });

  it('takes the batch discount off both at the batch tier', () => {
    expect(costUsd(mini, 2_000_000, 500_000, 'batch')).toBeCloseTo(0.3, 10);
    expect(costUsd({ ...mini, batchDiscount: 0.25 }, 2_000_000, 500_000, 'batch')).toBeCloseTo(0.45, 10);
  });
});

describe('price overrides', () => {
  it('replaces a model’s price and adds unknown models, keeping one table', () => {
    const overrides = parsePriceOverrides({ 'GPT-4o-mini ': { inputPerMillion: 0.2, outputPerMillion: 0.8 }, 'my-llama': { inputPerMillion: 0, outputPerMillion: 0, batchDiscount: 0 } });
    const table = applyPriceOverrides(DEFAULT_PRICES, overrides);
    expect(priceFor('gpt-4o-mini-2024-07-18', table)).toEqual({ inputPerMillion: 0.2, outputPerMillion: 0.8, batchDiscount: 0.5 });
    expect(priceFor('my-llama', table)).toEqual({ inputPerMillion: 0, outputPerMillion: 0, batchDiscount: 0 });
    expect(priceFor('gpt-4o', table)).toBe(DEFAULT_PRICES['gpt-4o']);
    // The built-in table is untouched.
    expect(priceFor('gpt-4o-mini')?.inputPerMillion).toBe(0.15);
  });

  it('prices a dated snapshot by its own override before its alias', () => {
    const table = applyPriceOverrides(DEFAULT_PRICES, parsePriceOverrides({ 'gpt-4o-2024-05-13': { inputPerMillion: 5, outputPerMillion: 15 } }));
    expect(priceFor('gpt-4o-2024-05-13', table)?.inputPerMillion).toBe(5);
    expect(priceFor('gpt-4o-2024-08-06', table)?.inputPerMillion).toBe(2.5);
  });

  it('refuses a bad override with a message that quotes the bad value', () => {
    const refusal = (value: unknown) => {
      try {
        parsePriceOverrides(value, 'prices.json');
      } catch (error) {
        expect(error).toBeInstanceOf(PriceOverrideError);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal([1, 2])).toBe('prices.json must be a JSON object of prices by model, such as {"gpt-4o-mini": {"inputPerMillion": 0.15, "outputPerMillion": 0.6, "batchDiscount": 0.5}}; got [1,2].');
    expect(refusal({ 'gpt-4o': { inputPerMillion: '2.5', outputPerMillion: 10 } })).toBe(
      'prices.json, model "gpt-4o": inputPerMillion must be a number of US dollars per 1M tokens, 0 or more, such as 0.15; got "2.5".',
    );
    expect(refusal({ 'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: -1 } })).toContain('outputPerMillion must be a number of US dollars per 1M tokens, 0 or more, such as 0.15; got -1.');
    expect(refusal({ 'gpt-4o': { inputPerMillion: 2.5 } })).toBe('prices.json, model "gpt-4o": outputPerMillion is missing: give the price in US dollars per 1M tokens, such as 0.15.');
    expect(refusal({ 'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10, batchDiscount: 50 } })).toContain('batchDiscount must be a share from 0 up to (not including) 1, such as 0.5 for half price; got 50.');
    expect(refusal({ 'gpt-4o': { inputPerMilion: 2.5, outputPerMillion: 10 } })).toContain('unknown field "inputPerMilion"; the fields are inputPerMillion, outputPerMillion, batchDiscount.');
    expect(refusal({ 'gpt-4o': 2.5 })).toContain('model "gpt-4o": must be an object such as {"inputPerMillion": 0.15, "outputPerMillion": 0.6}; got 2.5.');
    expect(refusal({ 'gpt-4o': { inputPerMillion: 1, outputPerMillion: 1 }, 'GPT-4O': { inputPerMillion: 1, outputPerMillion: 1 } })).toContain('model "GPT-4O": listed twice');
    expect(refusal({ ' ': {} })).toContain('a model name is empty');
  });
});
