import { assertNever } from '../assert-never.ts';
import type { GateSettings } from './gate-settings.ts';
import { headings } from './markdown-outline.ts';
import type { ArticleFingerprint } from './near-duplicate-index.ts';
import { NearDuplicateIndex } from './near-duplicate-index.ts';
import { findPhrases } from './phrase-search.ts';
import { countWords, keyWords, stem, terms } from './text-terms.ts';

/**
 * Checks one article against a run's quality gates. Each gate that is on gives a result with a
 * reason a reviewer can act on ("412 words, at least 600 required"). Pure: the near-duplicate
 * index is only read; record the article in it afterwards (`index.put(article.id,
 * report.fingerprint, label)`), so that later articles are compared with it, and a regenerated
 * version replaces it.
 */
export type GateName = 'words' | 'keywords' | 'structure' | 'phrases' | 'nearDuplicate';

export const GATE_NAMES: readonly GateName[] = ['words', 'keywords', 'structure', 'phrases', 'nearDuplicate'];

export interface GateResult {
  readonly gate: GateName;
  readonly passed: boolean;
  readonly reason: string;
}

export interface GateReport {
  /** Every gate that is on passed (true when none is on). */
  readonly passed: boolean;
  /** One per gate that is on, in GATE_NAMES order. */
  readonly results: readonly GateResult[];
  /** What the near-duplicate index keeps of this article; null when that gate is off. */
  readonly fingerprint: ArticleFingerprint | null;
}

export interface GateArticle {
  /** The task's id: the index skips the article's own earlier version. */
  readonly id: string;
  readonly text: string;
}

export function evaluateGates(article: GateArticle, topic: string, settings: GateSettings, index: NearDuplicateIndex | null): GateReport {
  const results: GateResult[] = [];
  let fingerprint: ArticleFingerprint | null = null;
  for (const gate of GATE_NAMES) {
    switch (gate) {
      case 'words':
        if (settings.words) results.push(wordsGate(article.text, settings.words));
        break;
      case 'keywords':
        if (settings.keywords) results.push(keywordsGate(article.text, topic, settings.keywords.minShare));
        break;
      case 'structure':
        if (settings.structure) results.push(structureGate(article.text, settings.structure));
        break;
      case 'phrases':
        if (settings.phrases) results.push(phrasesGate(article.text, settings.phrases.list));
        break;
      case 'nearDuplicate':
        if (settings.nearDuplicate) {
          const checked = nearDuplicateGate(article, settings.nearDuplicate, index);
          fingerprint = checked.fingerprint;
          results.push(checked.result);
        }
        break;
      default:
        assertNever(gate, 'gate');
    }
  }
  return { passed: results.every((result) => result.passed), results, fingerprint };
}

/** The index a run's near-duplicate gate reads (one per run), or null when that gate is off. */
export function nearDuplicateIndexFor(settings: GateSettings): NearDuplicateIndex | null {
  return settings.nearDuplicate ? new NearDuplicateIndex(settings.nearDuplicate) : null;
}

function wordsGate(text: string, { min, max }: NonNullable<GateSettings['words']>): GateResult {
  const words = countWords(text);
  const count = `${formatCount(words)} ${words === 1 ? 'word' : 'words'}`;
  if (min !== undefined && words < min) return fail('words', `${count}, at least ${formatCount(min)} required`);
  if (max !== undefined && words > max) return fail('words', `${count}, at most ${formatCount(max)} allowed`);
  const range = min !== undefined && max !== undefined ? `${formatCount(min)}–${formatCount(max)}` : min !== undefined ? `at least ${formatCount(min)}` : `at most ${formatCount(max as number)}`;
  return pass('words', `${count} (${range})`);
}

function keywordsGate(text: string, topic: string, minShare: number): GateResult {
  const wanted = keyWords(topic);
  if (wanted.length === 0) return pass('keywords', 'the topic has no significant words to look for');
  const present = new Set(terms(text).map(stem));
  const missing = wanted.filter((word) => !present.has(stem(word)));
  const found = wanted.length - missing.length;
  const tally = `${found} of ${wanted.length} key words present`;
  if (found / wanted.length >= minShare) return pass('keywords', missing.length === 0 ? `all ${wanted.length} key words present` : `${tally}; missing: ${missing.join(', ')}`);
  return fail('keywords', `missing key words: ${missing.join(', ')} (${tally}, at least ${formatPercent(minShare)} required)`);
}

function structureGate(text: string, { minHeadings, title }: NonNullable<GateSettings['structure']>): GateResult {
  const found = headings(text);
  const count = `${found.length} ${found.length === 1 ? 'heading' : 'headings'}`;
  const first = found[0];
  if (title && first?.level !== 1) {
    const seen = first ? `the first heading is level ${first.level} (line ${first.line}: "${first.text}")` : 'there is no heading at all';
    return fail('structure', `no first-level title: ${seen}; the article should open with "# Title"`);
  }
  if (found.length < minHeadings) return fail('structure', `${count}, at least ${minHeadings} required`);
  return pass('structure', `${count}${title ? ', titled' : ''}`);
}

function phrasesGate(text: string, phrases: readonly string[]): GateResult {
  const hits = findPhrases(text, phrases);
  if (hits.length === 0) return pass('phrases', 'no refusal or placeholder phrases');
  return fail('phrases', `contains ${hits.map((hit) => `"${hit.phrase}" (line ${hit.line})`).join(', ')}`);
}

function nearDuplicateGate(
  article: GateArticle,
  settings: NonNullable<GateSettings['nearDuplicate']>,
  index: NearDuplicateIndex | null,
): { result: GateResult; fingerprint: ArticleFingerprint } {
  if (!index) throw new Error('The near-duplicate gate is on but no index was given: create one per run with nearDuplicateIndexFor(settings).');
  if (index.threshold !== settings.threshold || index.shingleWords !== settings.shingleWords) {
    throw new Error(
      `The near-duplicate index was built for threshold ${index.threshold} and ${index.shingleWords}-word shingles, but the gate asks for ${settings.threshold} and ${settings.shingleWords}: rebuild the index when the settings change.`,
    );
  }
  const fingerprint = index.fingerprint(article.text);
  const match = index.nearest(fingerprint, article.id);
  const result = match
    ? fail('nearDuplicate', `near-duplicate of ${match.label} (Jaccard ${match.jaccard.toFixed(2)})`)
    : pass('nearDuplicate', `no other article of the run at Jaccard ${settings.threshold.toFixed(2)} or above`);
  return { result, fingerprint };
}

function pass(gate: GateName, reason: string): GateResult {
  return { gate, passed: true, reason };
}

function fail(gate: GateName, reason: string): GateResult {
  return { gate, passed: false, reason };
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function formatPercent(share: number): string {
  return `${Math.round(share * 100)} %`;
}
