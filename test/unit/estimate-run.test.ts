import { describe, expect, it } from 'vitest';
import { estimateRun, etaUnderLimits } from '../../electron/engine/estimate-run.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import type { RunSettingsInput } from '../../shared/domain/settings.ts';
import type { TaskInput } from '../../shared/domain/task.ts';
import { applyPriceOverrides, parsePriceOverrides } from '../../shared/price-overrides.ts';
import { DEFAULT_PRICES } from '../../shared/pricing.ts';
import { TemplateError } from '../../shared/template.ts';

const settings = (overrides: RunSettingsInput = {}) => RunSettingsSchema.parse({ model: 'gpt-4o-mini', ...overrides });
const task = (index: number, topic: string, vars: Record<string, string> = {}): TaskInput => ({ index, topic, vars: { ...vars, topic } });

// Token counts (o200k_base): "You are a helpful assistant." = 6, "Hello world" = 2,
// "Write an SEO article about coffee grinders." = 8. A message costs 3 + 1 (role) + content; a request 3 more.
const tasks = [task(0, 'Hello world'), task(1, 'Write an SEO article about coffee grinders.')];
const base = { systemPrompt: 'You are a helpful assistant.', promptTemplate: '{{topic}}', maxTokens: 1_000 };

describe('estimateRun', () => {
  it('counts the prompts as the engine builds them, and reserves max_tokens per request', () => {
    const estimate = estimateRun({ tasks, settings: settings(base) });
    // task 0: (3+1+6) + (3+1+2) + 3 = 19; task 1: (3+1+6) + (3+1+8) + 3 = 25
    expect(estimate).toMatchObject({
      tasks: 2,
      promptTokens: 44,
      maxOutputTokens: 2_000,
      reservedTokens: 2_044,
      expectedOutputTokens: 1_600,
    });
  });

  it('counts a prompt the tokenizer packs tightly at characters / 4, as the engine reserves it and such a server bills it', () => {
    const long = 'a'.repeat(4_000);
    const estimate = estimateRun({ tasks: [task(0, long)], settings: settings({ promptTemplate: '{{topic}}', maxTokens: 100 }) });
    expect(estimate.promptTokens).toBe(1_000);
    expect(estimate.reservedTokens).toBe(1_100);
  });

  it('leaves out a blank system prompt, as the engine does', () => {
    // (3+1+2) + 3 = 9 and (3+1+8) + 3 = 15
    expect(estimateRun({ tasks, settings: settings({ ...base, systemPrompt: '  ' }) }).promptTokens).toBe(24);
  });

  it('renders the template with each row’s columns', () => {
    const rows = [task(0, 'Hello', { audience: 'world' })];
    const plain = estimateRun({ tasks: [task(0, 'Hello world')], settings: settings({ promptTemplate: '{{topic}}' }) });
    const templated = estimateRun({ tasks: rows, settings: settings({ promptTemplate: '{{topic}} {{audience}}' }) });
    expect(templated.promptTokens).toBe(plain.promptTokens);
    expect(() => estimateRun({ tasks: rows, settings: settings({ promptTemplate: '{{tone}}' }) })).toThrow(TemplateError);
  });

  it('prices prompt tokens plus output from none to all of max_tokens, and the expected 80 % between', () => {
    const { cost } = estimateRun({ tasks, settings: settings(base) });
    // gpt-4o-mini: $0.15 in, $0.60 out per 1M. 44 in = $0.0000066; 2,000 out = $0.0012; 1,600 out = $0.00096
    expect(cost?.minUsd).toBeCloseTo(0.0000066, 12);
    expect(cost?.expectedUsd).toBeCloseTo(0.0009666, 12);
    expect(cost?.maxUsd).toBeCloseTo(0.0012066, 12);
  });

  it('prices the Batch API beside it, at half', () => {
    const { cost, batchCost } = estimateRun({ tasks, settings: settings(base) });
    expect(batchCost?.minUsd).toBeCloseTo((cost?.minUsd ?? 0) / 2, 12);
    expect(batchCost?.expectedUsd).toBeCloseTo((cost?.expectedUsd ?? 0) / 2, 12);
    expect(batchCost?.maxUsd).toBeCloseTo(0.0006033, 12);
  });

  it('uses the prices it is given: a user’s override, or a price for a local model', () => {
    const prices = applyPriceOverrides(DEFAULT_PRICES, parsePriceOverrides({ 'my-local-llama': { inputPerMillion: 1, outputPerMillion: 2, batchDiscount: 0.25 } }));
    const { cost, batchCost } = estimateRun({ tasks, settings: settings({ ...base, model: 'my-local-llama' }), prices });
    // 44 prompt tokens under my-local-llama's tokenizer (o200k_base too); 2,000 out at $2
    expect(cost?.maxUsd).toBeCloseTo((44 * 1 + 2_000 * 2) / 1e6, 12);
    expect(batchCost?.maxUsd).toBeCloseTo(((44 * 1 + 2_000 * 2) / 1e6) * 0.75, 12);
  });

  it('has no cost for a model without a known price', () => {
    const estimate = estimateRun({ tasks, settings: settings({ ...base, model: 'my-local-llama' }) });
    expect(estimate.cost).toBeUndefined();
    expect(estimate.batchCost).toBeUndefined();
  });

  it('gives an ETA from the limits it knows: both, or one as a lower bound, none without any', () => {
    const known = estimateRun({ tasks, settings: settings({ ...base, rpm: 1, tpm: 100_000 }) });
    // 2 requests at 1 RPM: one goes at once, the second after a minute of refill
    expect(known).toMatchObject({ etaMs: 60_000, boundBy: 'requests' });
    const rpmOnly = estimateRun({ tasks, settings: settings({ ...base, rpm: 1, tpm: null }) });
    expect(rpmOnly).toMatchObject({ etaMs: 60_000, boundBy: 'requests' });
    const unknown = estimateRun({ tasks, settings: settings({ ...base, rpm: null, tpm: null }) });
    expect(unknown.etaMs).toBeUndefined();
    expect(unknown.boundBy).toBeUndefined();
  });

  it('ranges from a whole minute at once to one request at a time, unless the burst is pinned', () => {
    const many = Array.from({ length: 150 }, (_, i) => task(i, `topic ${i}`));
    // 150 at 120 RPM: 30 after a minute's burst of 120 (15 s), or 149 after the first (74.5 s).
    expect(estimateRun({ tasks: many, settings: settings({ ...base, rpm: 120, tpm: null }) })).toMatchObject({ etaMs: 15_000, etaNoBurstMs: 74_500 });
    const pinned = estimateRun({ tasks: many, settings: settings({ ...base, rpm: 120, tpm: null, burst: { requests: 10 } }) });
    expect(pinned).toMatchObject({ etaMs: 70_000 });
    expect(pinned.etaNoBurstMs).toBeUndefined();
  });

  it('estimates an empty run as nothing', () => {
    expect(estimateRun({ tasks: [], settings: settings({ rpm: 10, tpm: 10 }) })).toEqual({
      tasks: 0,
      promptTokens: 0,
      maxOutputTokens: 0,
      reservedTokens: 0,
      expectedOutputTokens: 0,
      cost: { minUsd: 0, expectedUsd: 0, maxUsd: 0 },
      batchCost: { minUsd: 0, expectedUsd: 0, maxUsd: 0 },
      etaMs: 0,
      etaNoBurstMs: 0,
    });
  });
});

describe('etaUnderLimits', () => {
  it('spends a full minute’s budget first, then waits for refill; requests bind', () => {
    // requests: (500 - 100) / (100 per 60 s) = 240 s; tokens: (550,000 - 200,000) / (200,000 per 60 s) = 105 s
    expect(etaUnderLimits({ requests: 500, tokens: 550_000, rpm: 100, tpm: 200_000 })).toEqual({ etaMs: 240_000, boundBy: 'requests' });
  });

  it('tokens bind when they run out first', () => {
    // requests fit in the first burst; tokens: (550,000 - 100,000) / (100,000 per 60 s) = 270 s
    expect(etaUnderLimits({ requests: 500, tokens: 550_000, rpm: 5_000, tpm: 100_000 })).toEqual({ etaMs: 270_000, boundBy: 'tokens' });
  });

  it('is zero when everything fits in the first burst, still naming the tighter limit', () => {
    expect(etaUnderLimits({ requests: 10, tokens: 5_000, rpm: 100, tpm: 100_000 })).toEqual({ etaMs: 0, boundBy: 'requests' });
    expect(etaUnderLimits({ requests: 10, tokens: 50_000, rpm: 100, tpm: 100_000 })).toEqual({ etaMs: 0, boundBy: 'tokens' });
  });

  it('names tokens when both limits are equally tight', () => {
    expect(etaUnderLimits({ requests: 200, tokens: 200_000, rpm: 100, tpm: 100_000 })).toEqual({ etaMs: 60_000, boundBy: 'tokens' });
  });

  it('rounds up to a whole millisecond', () => {
    // requests: (4 - 3) × 60,000 / 3 = 20,000 ms; tokens: (10 - 7) × 60,000 / 7 = 25,714.28… ms
    expect(etaUnderLimits({ requests: 4, tokens: 10, rpm: 3, tpm: 7 })).toEqual({ etaMs: 25_715, boundBy: 'tokens' });
  });
});
