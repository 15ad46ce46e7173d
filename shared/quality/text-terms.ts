import { STOP_WORDS } from './stop-words.ts';

/**
 * Words as the gates see them. Counting takes a hyphenated or apostrophised word as one
 * ("well-known", "don't"); matching splits it, and compares words ignoring case, accents and
 * English plural endings, so "Espresso grinders" has the key words of "espresso grinder".
 */

const COUNTED_WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
const TERM = /[\p{L}\p{N}]+/gu;

/** Words of an article in Markdown: images, link targets, HTML tags and list numbers are not words. */
export function countWords(markdown: string): number {
  return readableText(markdown).match(COUNTED_WORD)?.length ?? 0;
}

/** Lower-case words without accents, in order; for matching and shingling. */
export function terms(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(TERM) ?? []
  );
}

/**
 * A word's form for comparison: a crude English singular ("stories" → "story", "grinders" →
 * "grinder", "boxes" → "box") with a final "e" dropped, so "caches" and "cache" meet. Applied to
 * both sides, an over-eager cut is harmless: it only has to be consistent.
 */
export function stem(term: string): string {
  let word = term;
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) word = `${word.slice(0, -3)}y`;
  else if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) word = word.slice(0, -1);
  if (word.endsWith('e') && word.length > 3) word = word.slice(0, -1);
  return word;
}

/** The topic's significant words, once each (by stem), in the order they appear. */
export function keyWords(topic: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const term of terms(topic)) {
    const key = stem(term);
    if (term.length < 2 || STOP_WORDS.has(term) || seen.has(key)) continue;
    seen.add(key);
    out.push(term);
  }
  return out;
}

/** The article without what a reader does not read as words. */
function readableText(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^[ \t]*\d+[.)][ \t]+/gm, '');
}
