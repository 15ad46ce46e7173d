/**
 * User text (topics, column names, a server's error message) made safe to show: every character
 * that would steer a terminal or silently reorder the text becomes visible instead. A topic like
 * "\x1b]0;pwned\x07" must not retitle the user's terminal, move its cursor or hide the lines before
 * it, and in the app it should show what it really holds rather than nothing.
 *
 * - C0 controls (ESC, BEL, CR, NUL…) become their Unicode control pictures: ESC shows as ␛, CR as ␍.
 * - DEL, the C1 controls (U+0080–U+009F, where U+009B is a one-character CSI) and the bidi
 *   overrides and isolates (U+202A–U+202E, U+2066–U+2069, "Trojan Source") become `\uXXXX`, which is
 *   also a JSON escape: a JSON line stays valid and decodes to the original text.
 * The CLI keeps line breaks and tabs in its own output ('keep-line-breaks'); a table cell keeps none.
 */
export type KeepWhitespace = 'keep-line-breaks' | 'none';

const C0_PICTURES = 0x2400;
// Matching control characters is the point here.
/* eslint-disable no-control-regex */
const ALL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const ALL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

export function visibleControls(text: string, keep: KeepWhitespace = 'none'): string {
  return text.replace(keep === 'keep-line-breaks' ? ALL_BUT_LINE_BREAKS : ALL, picture);
}

function picture(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(C0_PICTURES + code);
  return `\\u${code.toString(16).padStart(4, '0')}`;
}
