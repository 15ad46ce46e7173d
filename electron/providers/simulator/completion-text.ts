import type { RandomSource } from './seeded-random.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * Fake article text, a pure function of (seed, conversation, max_tokens): a retried request gets
 * the same article, so duplicates and losses are easy to spot. The text is a list of pieces, each
 * about one token (a short English word with its leading space, a line break, a heading mark), so
 * completion_tokens is the piece count and a real tokenizer lands near it.
 */
export interface Completion {
  readonly pieces: readonly string[];
  readonly finishReason: 'stop' | 'length';
}

const WORDS = (
  'the of and to in is for that with as on are this be by it from or can your an at more will not have ' +
  'you they their which one all use also when how what each most may new time work good best make way ' +
  'help plan data team cost risk goal step tool site page user case book food home care life city park ' +
  'early clear local small great right often guide model value focus build offer learn start keep grow ' +
  'track check share test simple common strong useful better people market online choose'
).split(' ');

const MINOR_WORDS = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'for', 'to', 'in', 'on', 'with', 'at', 'by', 'from']);

export function composeCompletion(seed: number, conversation: string, title: string, maxTokens: number, ratio: readonly [number, number]): Completion {
  const random = seededRandom(hashString(conversation, seed));
  const count = Math.min(maxTokens, Math.max(1, Math.round(maxTokens * (ratio[0] + (ratio[1] - ratio[0]) * random()))));
  const pieces: string[] = ['# '];
  for (const [i, word] of title.split(' ').entries()) pieces.push(i === 0 ? word : ` ${word}`);
  pieces.push('\n\n');
  while (pieces.length < count) appendSection(pieces, random, count);
  pieces.length = count;
  return { pieces, finishReason: count === maxTokens ? 'length' : 'stop' };
}

/** The article a chat request gets, online or in a batch: the same request, the same text. */
export function composeArticle(seed: number, request: { readonly conversation: string; readonly lastUserMessage: string; readonly maxTokens: number }, ratio: readonly [number, number]): Completion {
  return composeCompletion(seed, request.conversation, articleTitle(request.lastUserMessage), request.maxTokens, ratio);
}

const REFUSAL = "I'm sorry, but I can't help with that request.";

/** What a model says when it declines: a reply that is no article at all. */
export function composeRefusal(maxTokens: number): Completion {
  const pieces = REFUSAL.split(/(?= )/).slice(0, Math.max(1, maxTokens));
  return { pieces, finishReason: 'stop' };
}

/**
 * The article's title, from the last user message: the subject after "about" when the prompt
 * reads like "Write an article about X", else the message's first line; at most 12 words.
 */
export function articleTitle(prompt: string): string {
  const firstLine = prompt.trim().split('\n', 1)[0] ?? '';
  const subject = /\babout\s+(.+)/i.exec(firstLine)?.[1] ?? firstLine;
  const words = subject
    .replace(/^[\s"'`]+|[\s"'`.!?:;,]+$/g, '')
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, 12);
  if (words.length === 0) return 'Untitled';
  return words.map((word, i) => (i > 0 && MINOR_WORDS.has(word.toLowerCase()) ? word.toLowerCase() : capitalize(word))).join(' ');
}

/** A "## Heading" and a few paragraphs; stops early once `count` pieces exist. */
function appendSection(pieces: string[], random: RandomSource, count: number): void {
  pieces.push('##');
  const headingWords = 2 + Math.floor(random() * 3);
  for (let i = 0; i < headingWords; i++) pieces.push(` ${capitalize(pick(random))}`);
  pieces.push('\n\n');
  const paragraphs = 2 + Math.floor(random() * 2);
  for (let p = 0; p < paragraphs && pieces.length < count; p++) {
    const sentences = 3 + Math.floor(random() * 3);
    for (let s = 0; s < sentences && pieces.length < count; s++) {
      const words = 8 + Math.floor(random() * 10);
      for (let w = 0; w < words; w++) {
        const word = pick(random);
        const text = w === 0 ? capitalize(word) : word;
        const spaced = w === 0 && s === 0 ? text : ` ${text}`;
        pieces.push(w === words - 1 ? `${spaced}.` : spaced);
      }
    }
    pieces.push('\n\n');
  }
}

function pick(random: RandomSource): string {
  return WORDS[Math.floor(random() * WORDS.length)] as string;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** FNV-1a over the text, mixed with the seed, as the per-prompt generator's seed. */
function hashString(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
