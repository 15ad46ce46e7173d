import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pricesOption } from '../../../electron/cli/prices-option.ts';
import { readGatesFile } from '../../../electron/input/read-gates-file.ts';
import { readKeysFile } from '../../../electron/input/read-keys-file.ts';
import { DEFAULT_PRICES } from '../../../shared/pricing.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-user-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const KEY_A = 'sk-proj-aaaaaaaaaaaaaaaaaaaaaaaa';
const KEY_B = 'sk-proj-bbbbbbbbbbbbbbbbbbbbbbbb';
const KEYS_TEXT = `${KEY_A} marketing rpm=500\n${KEY_B}\n`;

/** UTF-16 with its BOM, as Notepad's "Unicode" and "Unicode big endian" save it. */
function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return endian === 'le' ? le : le.swap16();
}

async function refusal(read: () => Promise<unknown>): Promise<Error> {
  try {
    await read();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('readKeysFile (--keys FILE) in every encoding a text editor saves', () => {
  it.each([
    ['UTF-8', Buffer.from(KEYS_TEXT)],
    ['UTF-8 with a BOM', Buffer.from(`\uFEFF${KEYS_TEXT}`)],
    ['UTF-16 LE with a BOM', utf16(KEYS_TEXT, 'le')],
    ['UTF-16 BE with a BOM', utf16(KEYS_TEXT.replaceAll('\n', '\r\n'), 'be')],
  ])('reads %s: the first key has no BOM stuck to it', async (_, bytes) => {
    expect(await readKeysFile(file('keys.txt', bytes))).toEqual([
      { key: KEY_A, label: 'marketing', rpm: 500 },
      { key: KEY_B, label: 'key 2' },
    ]);
  });

  it('refuses Latin-1 and binary files, naming the file but never a key', async () => {
    const latin1 = await refusal(() => readKeysFile(file('latin1.txt', Buffer.concat([Buffer.from(`${KEY_A} caf`), Buffer.from([0xe9])]))));
    expect(latin1.message).toContain('latin1.txt is not UTF-8 text');
    expect(latin1.message).not.toContain(KEY_A);
    const binary = await refusal(() => readKeysFile(file('keys.bin', Buffer.from([0x73, 0x6b, 0, 1]))));
    expect(binary.message).toMatch(/keys\.bin looks like a binary file.*Give --keys the path of a text file with one API key per line\./);
  });
});

/** The three option files, each read the same way, each refusal in its own error type. */
const READERS = [
  { option: '--keys', what: 'Keys file', read: (path: string) => readKeysFile(path), max: 256 * 1024 },
  { option: '--gates', what: 'Gates file', read: (path: string) => readGatesFile(path), max: 1024 * 1024 },
  { option: '--prices', what: 'Prices file', read: (path: string) => pricesOption(path), max: 1024 * 1024 },
] as const;

describe.each(READERS)('$option FILE', ({ option, what, read, max }) => {
  it('says the same clear thing about a missing file, a folder, a file too large and one that is not text', async () => {
    const missing = join(dir, 'nope');
    expect((await refusal(() => read(missing))).message).toContain(`${what} not found: ${missing}. Check the path and try again.`);
    mkdirSync(join(dir, 'folder'));
    expect((await refusal(() => read(join(dir, 'folder')))).message).toContain(`${join(dir, 'folder')} is a folder, not a file. Give ${option} the path of`);
    const big = await refusal(() => read(file('big', ' '.repeat(max + 1))));
    expect(big.message).toMatch(new RegExp(`a ${what.toLowerCase()} can be at most \\d.*Check that ${option} names the right file\\.`));
    expect((await refusal(() => read(file('latin1', Uint8Array.from([0x7b, 0xe9, 0x7d]))))).message).toContain('is not UTF-8 text: byte 0xE9 at offset 1');
  });
});

describe('--prices and --gates in UTF-16', () => {
  it('read a file saved as UTF-16 with a BOM', async () => {
    const prices = await pricesOption(file('prices.json', utf16(JSON.stringify({ 'my-model': { inputPerMillion: 1, outputPerMillion: 2 } }), 'le')));
    expect(prices).toMatchObject({ ...DEFAULT_PRICES, 'my-model': { inputPerMillion: 1, outputPerMillion: 2 } });
    expect(await readGatesFile(file('gates.json', utf16('{"words": {"min": 600}}', 'be')))).toEqual({ maxRegenerations: 2, words: { min: 600 } });
  });
});
