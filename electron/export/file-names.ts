/**
 * File names for exported articles, derived from topics the user pasted (or a file someone sent
 * them). A topic is untrusted input: the name it yields is a single path segment on every OS,
 * never `.`/`..`, never a Windows device name, never empty, and never the name of a file already
 * in the folder, so an export can neither escape its folder nor overwrite anything.
 */

/**
 * UTF-16 units of the topic part. File names are limited to 255 bytes (Linux, macOS) or 255 UTF-16
 * units (Windows); 80 units are at most 240 UTF-8 bytes, leaving room for "-99999" and a
 * 5-character extension.
 */
const MAX_BASE_LENGTH = 80;
const FALLBACK = 'article';
// Device names Windows reserves whatever the extension ("con.md" is the console). NFKC has already
// folded the superscript variants (COM¹) into these.
const RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
const EXTENSION = /^\.[a-z0-9]{1,5}$/;

/**
 * How names are compared for "already taken": case-insensitively and across Unicode forms, as
 * Windows and macOS compare them. Put existing names into `taken` through this.
 */
export function fileNameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

/**
 * `How to Brew Coffee?` -> `how-to-brew-coffee.md`; the second such topic -> `how-to-brew-coffee-2.md`.
 * `taken` holds `fileNameKey`s; the name returned is added to it, so calling this again for the
 * same topic yields the next free name.
 */
export function articleFileName(topic: string, taken: Set<string>, ext = '.md'): string {
  if (!EXTENSION.test(ext)) {
    throw new Error(`File extension ${JSON.stringify(ext)} is not allowed: use a dot and 1-5 lower-case letters or digits, e.g. ".md".`);
  }
  const base = safeBase(topic);
  for (let n = 1; ; n++) {
    const name = `${base}${n === 1 ? '' : `-${n}`}${ext}`;
    const key = fileNameKey(name);
    if (!taken.has(key)) {
      taken.add(key);
      return name;
    }
  }
}

/**
 * A run's name as a folder name, by the same rules as article names: `Spring campaign` ->
 * `spring-campaign`; a file's name loses its extension (`keywords.csv` -> `keywords`).
 */
export function folderNameFor(runName: string): string {
  return safeBase(runName.replace(/\.(csv|tsv|tab|txt|text|md)$/i, ''));
}

function safeBase(topic: string): string {
  // NFKC first so look-alikes (full-width "／", "．") become the ASCII characters that get replaced.
  // Letters, digits and combining marks survive (scripts such as Devanagari need the marks).
  const slug = topic
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const base = truncate(slug).replace(/-+$/, '') || FALLBACK;
  return RESERVED.test(base) ? `${base}-file` : base;
}

function truncate(text: string): string {
  if (text.length <= MAX_BASE_LENGTH) return text;
  const last = text.charCodeAt(MAX_BASE_LENGTH - 1);
  const splitsPair = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, splitsPair ? MAX_BASE_LENGTH - 1 : MAX_BASE_LENGTH);
}
