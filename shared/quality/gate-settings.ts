import { z } from 'zod';
import { DEFAULT_BANNED_PHRASES } from './default-phrases.ts';

/**
 * A run's quality gates, as the app sets them and as a `--gates FILE` holds them (JSON). A gate
 * that is absent is off; a gate present with some fields left out takes the defaults below:
 *
 *   { "maxRegenerations": 2,
 *     "words": { "min": 600, "max": 2000 },
 *     "keywords": { "minShare": 0.8 },
 *     "structure": { "minHeadings": 3, "title": true },
 *     "phrases": { "list": ["As an AI language model", "Lorem ipsum"] },
 *     "nearDuplicate": { "threshold": 0.8 } }
 *
 * Messages name the field and quote the value, for a person editing the file by hand.
 */

const got = (issue: { input?: unknown }) => `, got ${issue.input === undefined ? 'nothing' : JSON.stringify(issue.input)}`;

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .number({ error: (issue) => `${what} must be a whole number from ${min} to ${max}${got(issue)}` })
    .int({ error: (issue) => `${what} must be a whole number from ${min} to ${max}${got(issue)}` })
    .min(min, { error: (issue) => `${what} must be a whole number from ${min} to ${max}${got(issue)}` })
    .max(max, { error: (issue) => `${what} must be a whole number from ${min} to ${max}${got(issue)}` });

const share = (what: string, example: string) => {
  const message = (issue: { input?: unknown }) => `${what} must be a number above 0 and at most 1, such as ${example}${got(issue)}`;
  return z.number({ error: message }).gt(0, { error: message }).lte(1, { error: message });
};

/** An object that names its unknown keys and the ones it takes, so a typo does not silently turn a gate off. */
function strictObject<Shape extends z.core.$ZodLooseShape>(what: string, shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `${what} has unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}; it takes ${Object.keys(shape).join(', ')}`;
      if (issue.code === 'invalid_type') return `${what} must be an object${got(issue)}`;
      return undefined;
    },
  });
}

const MAX_WORDS = 1_000_000;

export const WordsGateSchema = strictObject('words', {
  /** Fewer words fail. */
  min: wholeNumber('words.min', 1, MAX_WORDS).optional(),
  /** More words fail. */
  max: wholeNumber('words.max', 1, MAX_WORDS).optional(),
})
  .refine((gate) => gate.min !== undefined || gate.max !== undefined, { error: 'words needs min, max or both, such as {"min": 600}' })
  .refine((gate) => gate.min === undefined || gate.max === undefined || gate.min <= gate.max, {
    error: (issue) => {
      const gate = issue.input as { min: number; max: number };
      return `words.min (${gate.min}) must not be above words.max (${gate.max})`;
    },
  });

export const KeywordsGateSchema = strictObject('keywords', {
  /** The share of the topic's significant words the article must contain. @default 0.8 */
  minShare: share('keywords.minShare', '0.8').default(0.8),
});

export const StructureGateSchema = strictObject('structure', {
  /** Headings of any level, the title included. @default 2 */
  minHeadings: wholeNumber('structure.minHeadings', 0, 1_000).default(2),
  /** The first heading must be a first-level title (# Title). @default true */
  title: z.boolean({ error: (issue) => `structure.title must be true or false${got(issue)}` }).default(true),
});

const phrase = z
  .string({ error: (issue) => `each phrase must be text${got(issue)}` })
  .refine((text) => text.trim() !== '', { error: 'a phrase must not be empty or only spaces' });

export const PhrasesGateSchema = strictObject('phrases', {
  /** Refusal and placeholder phrases; replaces the default list. @default DEFAULT_BANNED_PHRASES */
  list: z.array(phrase, { error: (issue) => `phrases.list must be a list of phrases${got(issue)}` }).default([...DEFAULT_BANNED_PHRASES]),
});

export const NearDuplicateGateSchema = strictObject('nearDuplicate', {
  /** Exact Jaccard similarity of word shingles from which an article duplicates another. @default 0.8 */
  threshold: share('nearDuplicate.threshold', '0.8').default(0.8),
  /** Words per shingle. @default 5 */
  shingleWords: wholeNumber('nearDuplicate.shingleWords', 1, 12).default(5),
});

export const GateSettingsSchema = strictObject('The gate settings', {
  /** How often an article that fails a gate is regenerated before it is marked "needs review". @default 2 */
  maxRegenerations: wholeNumber('maxRegenerations', 0, 10).default(2),
  words: WordsGateSchema.optional(),
  keywords: KeywordsGateSchema.optional(),
  structure: StructureGateSchema.optional(),
  phrases: PhrasesGateSchema.optional(),
  nearDuplicate: NearDuplicateGateSchema.optional(),
});

export type GateSettings = z.output<typeof GateSettingsSchema>;
export type GateSettingsInput = z.input<typeof GateSettingsSchema>;

/** Every gate on, at values that suit a typical SEO article: the app's starting point. */
export const RECOMMENDED_GATES: GateSettings = GateSettingsSchema.parse({
  words: { min: 300 },
  keywords: {},
  structure: {},
  phrases: {},
  nearDuplicate: {},
});
