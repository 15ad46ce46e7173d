import { describe, expect, it } from 'vitest';
import { evaluateGates, nearDuplicateIndexFor } from '../../../shared/quality/evaluate-gates.ts';
import type { GateSettings, GateSettingsInput } from '../../../shared/quality/gate-settings.ts';
import { GateSettingsSchema, RECOMMENDED_GATES } from '../../../shared/quality/gate-settings.ts';
import { NearDuplicateIndex } from '../../../shared/quality/near-duplicate-index.ts';

const gates = (input: GateSettingsInput): GateSettings => GateSettingsSchema.parse(input);
const TOPIC = 'Choosing an espresso grinder for home baristas';

/** An article of `n` words in `sections` sections under a title, from a seeded word stream. */
function article(n: number, { title = '# Choosing an Espresso Grinder', sections = 3, seed = 1 } = {}): string {
  const words = ['coffee', 'burr', 'grind', 'size', 'dose', 'flavour', 'shot', 'crema', 'bean', 'roast', 'water', 'pressure', 'taste', 'home', 'baristas', 'espresso', 'grinder'];
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return words[state % words.length] as string;
  };
  // The title has 4 words and each "## Part N" 2.
  const body = Array.from({ length: n - 4 - 2 * sections }, next);
  const perSection = Math.ceil(body.length / sections);
  const parts = [title];
  for (let s = 0; s < sections; s++) parts.push(`## Part ${s + 1}`, body.slice(s * perSection, (s + 1) * perSection).join(' '));
  return parts.join('\n\n');
}

const only = (report: ReturnType<typeof evaluateGates>) => report.results.map(({ gate, passed, reason }) => ({ gate, passed, reason }));

describe('evaluateGates', () => {
  it('runs only the gates that are on, and passes when every one does', () => {
    const report = evaluateGates({ id: 't1', text: article(700) }, TOPIC, gates({ words: { min: 600 } }), null);
    expect(report).toMatchObject({ passed: true, fingerprint: null });
    expect(only(report)).toEqual([{ gate: 'words', passed: true, reason: '700 words (at least 600)' }]);
    expect(evaluateGates({ id: 't1', text: '' }, TOPIC, gates({}), null)).toEqual({ passed: true, results: [], fingerprint: null });
  });

  it('words: too few or too many, with the count and the bound', () => {
    const settings = gates({ words: { min: 600, max: 1_500 } });
    expect(only(evaluateGates({ id: 't', text: article(412) }, TOPIC, settings, null))).toEqual([{ gate: 'words', passed: false, reason: '412 words, at least 600 required' }]);
    expect(only(evaluateGates({ id: 't', text: article(2_001) }, TOPIC, settings, null))[0]?.reason).toBe('2,001 words, at most 1,500 allowed');
    expect(only(evaluateGates({ id: 't', text: article(900) }, TOPIC, settings, null))[0]?.reason).toBe('900 words (600–1,500)');
  });

  it('keywords: names the topic words missing, matching plurals and case', () => {
    const settings = gates({ keywords: { minShare: 1 } });
    // Topic key words: choosing, espresso, grinder, home, baristas.
    const text = '# Espresso Grinders\n\nA grinder at home for every barista.';
    expect(only(evaluateGates({ id: 't', text }, TOPIC, settings, null))).toEqual([
      { gate: 'keywords', passed: false, reason: 'missing key words: choosing (4 of 5 key words present, at least 100 % required)' },
    ]);
    const partly = evaluateGates({ id: 't', text: '# Tea\n\nSome home thoughts.' }, TOPIC, gates({ keywords: { minShare: 0.5 } }), null);
    expect(partly.results[0]?.reason).toBe('missing key words: choosing, espresso, grinder, baristas (1 of 5 key words present, at least 50 % required)');
    const enough = evaluateGates({ id: 't', text: 'Espresso grinder for home baristas.' }, TOPIC, gates({ keywords: { minShare: 0.8 } }), null);
    expect(enough.results[0]).toEqual({ gate: 'keywords', passed: true, reason: '4 of 5 key words present; missing: choosing' });
    expect(evaluateGates({ id: 't', text: 'x' }, 'How to do it', settings, null).results[0]?.passed).toBe(true);
  });

  it('structure: a first-level title first, then enough headings', () => {
    const settings = gates({ structure: { minHeadings: 4, title: true } });
    expect(only(evaluateGates({ id: 't', text: article(300, { sections: 2 }) }, TOPIC, settings, null))).toEqual([{ gate: 'structure', passed: false, reason: '3 headings, at least 4 required' }]);
    const untitled = evaluateGates({ id: 't', text: article(300, { title: '## Choosing' }) }, TOPIC, settings, null);
    expect(untitled.results[0]?.reason).toBe('no first-level title: the first heading is level 2 (line 1: "Choosing"); the article should open with "# Title"');
    expect(evaluateGates({ id: 't', text: 'Just text.' }, TOPIC, settings, null).results[0]?.reason).toContain('there is no heading at all');
    expect(evaluateGates({ id: 't', text: article(300, { title: '## Choosing' }) }, TOPIC, gates({ structure: { minHeadings: 3, title: false } }), null).results[0]).toEqual({
      gate: 'structure',
      passed: true,
      reason: '4 headings',
    });
  });

  it('phrases: each refusal or placeholder phrase found, with its line (the default list unless edited)', () => {
    const text = '# Grinders\n\nAs an AI language model, I cannot taste coffee.\n\n[Insert brand here]';
    expect(only(evaluateGates({ id: 't', text }, TOPIC, gates({ phrases: {} }), null))).toEqual([
      { gate: 'phrases', passed: false, reason: 'contains "As an AI language model" (line 3), "I cannot" (line 3), "[insert" (line 5)' },
    ]);
    expect(evaluateGates({ id: 't', text }, TOPIC, gates({ phrases: { list: ['Lorem ipsum'] } }), null).results[0]).toEqual({ gate: 'phrases', passed: true, reason: 'no refusal or placeholder phrases' });
  });

  it('nearDuplicate: names the article it nearly copies and the similarity; a regeneration replaces its old version', () => {
    const settings = gates({ nearDuplicate: { threshold: 0.8 } });
    const index = nearDuplicateIndexFor(settings) as NearDuplicateIndex;
    const original = article(600, { seed: 5 });
    const record = (id: string, text: string) => {
      const report = evaluateGates({ id, text }, TOPIC, settings, index);
      index.put(id, report.fingerprint!, `task ${id}`);
      return report;
    };
    expect(record('17', original).results[0]).toEqual({ gate: 'nearDuplicate', passed: true, reason: 'no other article of the run at Jaccard 0.80 or above' });
    expect(record('18', article(600, { seed: 6 })).passed).toBe(true);
    // The same article with its last sentence changed.
    const copy = evaluateGates({ id: '40', text: `${original} One more line at the end.` }, TOPIC, settings, index);
    expect(copy.results[0]?.passed).toBe(false);
    expect(copy.results[0]?.reason).toMatch(/^near-duplicate of task 17 \(Jaccard 0\.9\d\)$/);
    // Task 17 regenerated: its own earlier version is not a duplicate of it.
    expect(evaluateGates({ id: '17', text: original }, TOPIC, settings, index).passed).toBe(true);
  });

  it('asks for an index built with the gate’s own settings', () => {
    const settings = gates({ nearDuplicate: { threshold: 0.9 } });
    expect(() => evaluateGates({ id: 't', text: 'x' }, TOPIC, settings, null)).toThrow('no index was given');
    expect(() => evaluateGates({ id: 't', text: 'x' }, TOPIC, settings, new NearDuplicateIndex({ threshold: 0.8 }))).toThrow('built for threshold 0.8 and 5-word shingles, but the gate asks for 0.9 and 5');
    expect(nearDuplicateIndexFor(gates({}))).toBeNull();
  });

  it('passes a good article through every recommended gate', () => {
    const index = nearDuplicateIndexFor(RECOMMENDED_GATES);
    const report = evaluateGates({ id: 't', text: article(800) }, TOPIC.replace('Choosing', 'Choose'), RECOMMENDED_GATES, index);
    expect(report.results.map((result) => result.gate)).toEqual(['words', 'keywords', 'structure', 'phrases', 'nearDuplicate']);
    expect(report.results.filter((result) => !result.passed)).toEqual([]);
  });
});
