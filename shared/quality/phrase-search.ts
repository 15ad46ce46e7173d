/**
 * Where listed phrases occur in a text (default-phrases.ts says how they match): each phrase found,
 * with the line of its first occurrence.
 */
export interface PhraseHit {
  readonly phrase: string;
  /** 1-based. */
  readonly line: number;
}

export function findPhrases(text: string, phrases: readonly string[]): PhraseHit[] {
  const plain = straightApostrophes(text);
  const hits: PhraseHit[] = [];
  for (const phrase of phrases) {
    const index = plain.search(phrasePattern(phrase));
    if (index !== -1) hits.push({ phrase, line: lineAt(plain, index) });
  }
  return hits;
}

function phrasePattern(phrase: string): RegExp {
  const words = straightApostrophes(phrase).trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  const start = /^[\p{L}\p{N}]/u.test(phrase.trim()) ? '(?<![\\p{L}\\p{N}])' : '';
  const end = /[\p{L}\p{N}]$/u.test(phrase.trim()) ? '(?![\\p{L}\\p{N}])' : '';
  const capitalsOnly = /\p{Lu}/u.test(phrase) && !/\p{Ll}/u.test(phrase);
  return new RegExp(`${start}${words}${end}`, capitalsOnly ? 'u' : 'iu');
}

function straightApostrophes(text: string): string {
  return text.replace(/[’‘]/g, "'");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}
