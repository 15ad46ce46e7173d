import { describe, expect, it } from 'vitest';
import { DEFAULT_BANNED_PHRASES } from '../../../shared/quality/default-phrases.ts';
import { RECOMMENDED_GATES } from '../../../shared/quality/gate-settings.ts';
import { GateSettingsError, parseGateSettings } from '../../../shared/quality/parse-gate-settings.ts';

const refusal = (text: string) => {
  try {
    parseGateSettings(text, 'gates.json');
  } catch (error) {
    expect(error).toBeInstanceOf(GateSettingsError);
    return { code: (error as GateSettingsError).code, message: (error as Error).message };
  }
  throw new Error('expected a refusal');
};

describe('gate settings from JSON', () => {
  it('turns on the gates named, filling in the defaults, and leaves the others off', () => {
    expect(parseGateSettings('{"words": {"min": 600}, "structure": {}, "phrases": {}, "nearDuplicate": {"threshold": 0.9}}', 'gates.json')).toEqual({
      maxRegenerations: 2,
      words: { min: 600 },
      structure: { minHeadings: 2, title: true },
      phrases: { list: DEFAULT_BANNED_PHRASES },
      nearDuplicate: { threshold: 0.9, shingleWords: 5 },
    });
    expect(parseGateSettings('\uFEFF{}', 'gates.json')).toEqual({ maxRegenerations: 2 });
    expect(RECOMMENDED_GATES).toMatchObject({ words: { min: 300 }, keywords: { minShare: 0.8 }, nearDuplicate: { threshold: 0.8 } });
  });

  it('says where JSON is broken', () => {
    const { code, message } = refusal('{"words": {"min": 600,}}');
    expect(code).toBe('invalid_json');
    expect(message).toMatch(/^gates\.json is not valid JSON \(.*position 22.*\)\. Write the gates as one JSON object, such as \{"words": \{"min": 600\}\}\.$/);
  });

  it('names the field and quotes the bad value', () => {
    expect(refusal('{"words": {"min": 12.5}}')).toEqual({ code: 'invalid_settings', message: 'gates.json: words.min must be a whole number from 1 to 1000000, got 12.5.' });
    expect(refusal('{"words": {"min": 900, "max": 600}}').message).toBe('gates.json: words.min (900) must not be above words.max (600).');
    expect(refusal('{"words": {}}').message).toBe('gates.json: words needs min, max or both, such as {"min": 600}.');
    expect(refusal('{"keywords": {"minShare": 80}}').message).toBe('gates.json: keywords.minShare must be a number above 0 and at most 1, such as 0.8, got 80.');
    expect(refusal('{"nearDuplicate": {"threshold": "high"}}').message).toBe('gates.json: nearDuplicate.threshold must be a number above 0 and at most 1, such as 0.8, got "high".');
    expect(refusal('{"structure": {"title": "yes"}}').message).toBe('gates.json: structure.title must be true or false, got "yes".');
    expect(refusal('{"phrases": {"list": ["ok", 3, " "]}}').message).toBe('gates.json: phrases.list[1]: each phrase must be text, got 3; phrases.list[2]: a phrase must not be empty or only spaces.');
    expect(refusal('{"maxRegenerations": -1}').message).toBe('gates.json: maxRegenerations must be a whole number from 0 to 10, got -1.');
  });

  it('refuses unknown keys, so a typo does not silently turn a gate off', () => {
    expect(refusal('{"minWords": 600}').message).toBe(
      'gates.json: The gate settings has unknown key "minWords"; it takes maxRegenerations, words, keywords, structure, phrases, nearDuplicate.',
    );
    expect(refusal('{"words": {"minimum": 600, "maximum": 900}}').message).toBe(
      'gates.json: words has unknown keys "minimum", "maximum"; it takes min, max; words needs min, max or both, such as {"min": 600}.',
    );
    expect(refusal('[]').message).toBe('gates.json: The gate settings must be an object, got [].');
    expect(refusal('{"phrases": true}').message).toBe('gates.json: phrases must be an object, got true.');
  });
});
