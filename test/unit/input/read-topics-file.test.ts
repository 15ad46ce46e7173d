import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../../electron/input/decode-text.ts';
import { MAX_TOPICS_FILE_BYTES, readTopicsFile } from '../../../electron/input/read-topics-file.ts';
import { InputError } from '../../../shared/input/input-error.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/input');
const fixture = (name: string) => join(fixtures, name);

async function readError(path: string, options = {}): Promise<InputError> {
  const error: unknown = await readTopicsFile(path, options).then(
    () => new Error(`expected ${path} to be refused`),
    (caught: unknown) => caught,
  );
  if (error instanceof InputError) return error;
  throw error;
}

describe('readTopicsFile: good files', () => {
  it('reads a plain list, dropping blank lines and repeats', async () => {
    const file = await readTopicsFile(fixture('topics.txt'));
    expect(file.format).toBe('lines');
    expect(file.tasks.map((t) => t.topic)).toEqual(['How to brew pour-over coffee', 'Best running shoes for flat feet', 'Budget travel in Japan']);
    expect(file.emptyRows).toEqual([2, 5]);
    expect(file.duplicates).toEqual([{ topic: 'How to brew pour-over coffee', rows: [1, 4] }]);
  });

  it('reads a CSV with extra columns as template variables, quotes and all', async () => {
    const file = await readTopicsFile(fixture('topics.csv'));
    expect(file.format).toBe('csv');
    expect(file.columns).toEqual(['topic', 'audience', 'tone']);
    expect(file.tasks.map((t) => t.topic)).toEqual(['How to brew pour-over coffee', 'Paris, France: a 3-day itinerary', 'The "best" espresso machines', 'Budget travel in Japan']);
    expect(file.tasks[1]!.vars).toEqual({ topic: 'Paris, France: a 3-day itinerary', audience: 'families', tone: 'warm, practical' });
    expect(file.emptyRows).toEqual([5]);
  });

  it('reads TSV and semicolon CSV', async () => {
    const tsv = await readTopicsFile(fixture('keywords.tsv'));
    expect(tsv.topicColumn).toBe('keyword');
    expect(tsv.tasks[1]!.vars).toEqual({ keyword: 'how to tie a tie', volume: '90000', intent: 'informational', topic: 'how to tie a tie' });
    const semicolon = await readTopicsFile(fixture('semicolon.csv'));
    expect(semicolon.tasks.map((t) => t.vars)).toEqual([
      { Titel: 'Kaffee richtig mahlen', Zielgruppe: 'Anfänger', topic: 'Kaffee richtig mahlen' },
      { Titel: 'Wandern im Harz', Zielgruppe: 'Familien', topic: 'Wandern im Harz' },
    ]);
  });

  it('decodes UTF-8 with a BOM and UTF-16 LE/BE with a BOM', async () => {
    expect((await readTopicsFile(fixture('utf8-bom.csv'))).columns).toEqual(['topic', 'notes']);
    const le = await readTopicsFile(fixture('utf16le-bom.csv'));
    expect(le.tasks.map((t) => t.topic)).toEqual(['Café culture', '東京 ramen']);
    const be = await readTopicsFile(fixture('utf16be-bom.txt'));
    expect(be.tasks.map((t) => t.topic)).toEqual(['Café culture', 'Spring 🌸 recipes']);
  });

  it('reads hostile topics verbatim: traversal, device names, emoji, CJK, YAML and special tokens', async () => {
    const file = await readTopicsFile(fixture('hostile-topics.txt'));
    expect(file.tasks.map((t) => t.topic)).toEqual([
      '../../etc/passwd',
      '..\\..\\windows\\system32',
      'CON',
      '🚀 Rocket launches explained 🚀',
      '東京のラーメンガイド',
      '---',
      'topic: "quoted": yes',
      '<|endoftext|> tokens',
    ]);
  });

  it('sniffs an unknown extension: a header naming a topic column means CSV, else one topic per line', async () => {
    const table = await readTopicsFile(fixture('keywords.data'));
    expect(table.format).toBe('csv');
    expect(table.tasks[0]!.topic).toBe('best hiking boots');
    const list = await readTopicsFile(fixture('places.data'));
    expect(list.format).toBe('lines');
    expect(list.tasks.map((t) => t.topic)).toEqual(['Paris, France: a travel guide', 'Rome, Italy: a travel guide']);
  });

  it('lets the caller force a format and pick the topic column', async () => {
    const file = await readTopicsFile(fixture('places.data'), { format: 'csv', column: 'Paris' });
    expect(file.tasks.map((t) => t.topic)).toEqual(['Rome']);
  });
});

describe('readTopicsFile: hostile files', () => {
  it('refuses Latin-1 text, naming the byte, its offset and line, and suggesting UTF-8', async () => {
    const error = await readError(fixture('latin1.csv'));
    expect(error.code).toBe('encoding');
    expect(error.message).toContain('latin1.csv is not UTF-8 text: byte 0xE9 at offset 15 (line 2)');
    expect(error.message).toContain('save it as UTF-8');
  });

  it('refuses a binary file, even with a .txt extension, and recognises an xlsx workbook', async () => {
    const binary = await readError(fixture('binary.txt'));
    expect(binary.code).toBe('binary');
    expect(binary.message).toMatch(/binary\.txt looks like a binary file, not text: it has a NUL byte at offset 8/);
    const xlsx = await readError(fixture('workbook.xlsx'));
    expect(xlsx.code).toBe('binary');
    expect(xlsx.message).toContain('save it as "CSV UTF-8"');
  });

  it('refuses an unclosed quote and a row with extra fields, naming the row', async () => {
    const unclosed = await readError(fixture('unclosed-quote.csv'));
    expect(unclosed).toMatchObject({ code: 'malformed_csv', row: 2 });
    const extra = await readError(fixture('extra-fields.csv'));
    expect(extra).toMatchObject({ code: 'malformed_csv', row: 3 });
  });

  it('refuses empty files, header-only CSVs and blank topic columns', async () => {
    expect(await readError(fixture('empty.txt'))).toMatchObject({ code: 'empty', message: expect.stringMatching(/^No topics found in .*empty\.txt: it is empty/) });
    expect((await readError(fixture('blank.txt'))).code).toBe('empty');
    expect((await readError(fixture('header-only.csv'))).message).toMatch(/header row \("topic", "audience"\) but no rows/);
    expect((await readError(fixture('empty-topics.csv'))).message).toMatch(/"topic" column is empty in every row/);
  });

  it('refuses an unknown column, listing the columns', async () => {
    const error = await readError(fixture('topics.csv'), { column: 'keyword' });
    expect(error.code).toBe('unknown_column');
    expect(error.message).toContain('Columns: "topic", "audience", "tone"');
  });

  it('says which path is missing, and that a folder is not a file', async () => {
    const missing = fixture('nope/missing.csv');
    const error = await readError(missing);
    expect(error.code).toBe('not_found');
    expect(error.message).toContain(missing);
    expect(await readError(fixtures)).toMatchObject({ code: 'unreadable', message: expect.stringContaining('is a folder, not a file') });
  });

  describe('size limit', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pacer-topics-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('refuses a text file with a NUL far past its first 8 KB, naming the offset', async () => {
      const path = join(dir, 'tail.txt');
      const lines = Array.from({ length: 5_000 }, (_, i) => `Topic number ${i}`).join('\n');
      await writeFile(path, `${lines}\nhidden\0tail\n`);
      const error = await readError(path);
      expect(error.code).toBe('binary');
      expect(error.message).toContain(`it has a NUL byte at offset ${lines.length + 7}`);
    });

    it('refuses a file over 50 MB before reading it', async () => {
      const path = join(dir, 'huge.txt');
      const handle = await open(path, 'w');
      await handle.truncate(MAX_TOPICS_FILE_BYTES + 1); // sparse: costs no disk
      await handle.close();
      const error = await readError(path);
      expect(error.code).toBe('too_large');
      expect(error.message).toContain('is 50.0 MB; a topics file can be at most 50.0 MB');
    });
  });
});

describe('firstInvalidUtf8', () => {
  const bytes = (...values: number[]) => Uint8Array.from(values);

  it('accepts valid UTF-8 of every length', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('a é € 🚀 東京'))).toBe(-1);
  });

  it('finds stray, overlong, surrogate, out-of-range and truncated sequences', () => {
    expect(firstInvalidUtf8(bytes(0x61, 0xe9, 0x62))).toBe(1); // Latin-1 é
    expect(firstInvalidUtf8(bytes(0x61, 0x80))).toBe(1); // lone continuation byte
    expect(firstInvalidUtf8(bytes(0xc0, 0xaf))).toBe(0); // overlong "/"
    expect(firstInvalidUtf8(bytes(0xe0, 0x80, 0xaf))).toBe(0); // overlong 3-byte
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(0); // UTF-16 surrogate
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8(bytes(0x61, 0x62, 0xe2, 0x82))).toBe(2); // cut off at the end
  });
});
