import { InputError } from '../../shared/input/input-error.ts';

/**
 * A user's file's bytes to text. UTF-8 (with or without a BOM) and UTF-16 with a BOM, as Excel and
 * Notepad save them, are accepted; anything else is refused with where and why, because guessing
 * an encoding would silently turn "café" into "cafÃ©" in hundreds of paid-for articles.
 * `binaryHint` says what to choose instead of a binary file; by default, a topics file.
 */
export function decodeText(bytes: Uint8Array, source: string, binaryHint?: string): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    try {
      return new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch (error) {
      throw new InputError('encoding', `${source} starts like ${utf16.toUpperCase()} text but is damaged (an odd byte count or a broken character). Open it in a text editor and save it as UTF-8.`, { cause: error });
    }
  }
  // The whole file, not a first block: a NUL further in would reach the parser and the prompts
  // (a text file with a binary tail, or a crafted one). indexOf is a memchr, ~10 ms for 50 MB.
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
    const hint = binaryHint ?? (zip
      ? 'It is a ZIP archive, e.g. an Excel .xlsx workbook: in your spreadsheet program save it as "CSV UTF-8" and import that.'
      : 'Choose a .txt, .csv or .tsv file with one topic per line or row.');
    throw new InputError('binary', `${source} looks like a binary file, not text: it has a NUL byte at offset ${nul}. ${hint}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const offset = firstInvalidUtf8(bytes);
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new InputError(
      'encoding',
      `${source} is not UTF-8 text: byte 0x${byte} at offset ${offset} (line ${lineOf(bytes, offset)}) is not valid UTF-8. ` +
        'It is probably in an older encoding such as Windows-1252 or Latin-1: open it in a text editor and save it as UTF-8.',
      { cause: error },
    );
  }
}

/** Offset of the first byte that starts an invalid or truncated UTF-8 sequence, or -1 (RFC 3629 table 3-7). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // Continuation bytes are 0x80-0xBF; the ranges below exclude overlong forms, UTF-16
    // surrogates (ED A0-BF) and code points above U+10FFFF.
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
