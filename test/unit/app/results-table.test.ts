import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredTask } from '../../../shared/domain/run-records.ts';
import { RESULT_COLUMNS, formulaGuard, resultsCsv, resultsJsonl } from '../../../electron/app/results-table.ts';
import { readTopicsText } from '../../../electron/app/topics-file-text.ts';
import { writeResultsFile } from '../../../electron/app/write-results-file.ts';

const task = (patch: Partial<StoredTask>): StoredTask => ({
  runId: 'run',
  id: '0',
  index: 0,
  topic: 'Coffee',
  vars: { topic: 'Coffee' },
  prompt: 'Write about Coffee',
  status: 'done',
  attempts: 1,
  resultText: '# Coffee\n\nA "strong", bitter drink.',
  usage: { promptTokens: 12, completionTokens: 30, totalTokens: 42 },
  costUsd: 0.00002,
  error: null,
  updatedAt: 1,
  exportedPath: '/out/coffee.md',
  gates: null,
  regenerations: 0,
  regenerationCostUsd: 0,
  review: null,
  editedAt: null,
  ...patch,
});

const TASKS = [
  task({}),
  task({ id: '1', index: 1, topic: '=1+2', status: 'failed', attempts: 6, resultText: null, usage: null, costUsd: null, exportedPath: null, error: { kind: 'server_error', message: 'The provider failed.' } }),
  task({ id: '2', index: 2, topic: 'Café, crème', status: 'skipped', attempts: 0, resultText: null, usage: null, costUsd: null, exportedPath: null }),
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-results-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('results table', () => {
  it('has one CSV row per task, in order, that a spreadsheet reads back as text', () => {
    const csv = resultsCsv(TASKS);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...RESULT_COLUMNS]);
    expect(parsed.data.map((row) => [row.index, row.topic, row.status, row.total_tokens, row.error])).toEqual([
      ['0', 'Coffee', 'done', '42', ''],
      ['1', "'=1+2", 'failed', '', 'server_error: The provider failed.'],
      ['2', 'Café, crème', 'skipped', '', ''],
    ]);
    expect(parsed.data[0]?.text).toBe('# Coffee\n\nA "strong", bitter drink.');
  });

  it('guards every text cell a spreadsheet could run as a formula, line breaks inside included', () => {
    const hostile = ['=1+2\nsecond line', '=HYPERLINK("http://x")\r\n', '\n=cmd|calc', ' =1+1', '\r@SUM(A1)', '-2+3\nx', '+1', '@x', '\tx'];
    const tasks = hostile.map((text, index) =>
      task({ id: String(index), index, topic: text, resultText: text, status: 'failed', error: { kind: 'bad_request', message: 'm' }, exportedPath: text }),
    );
    const parsed = Papa.parse<Record<string, string>>(resultsCsv(tasks).slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    for (const [index, row] of parsed.data.entries()) {
      for (const column of ['topic', 'text', 'exported_path'] as const) expect(row[column], `${column} of ${JSON.stringify(hostile[index])}`).toBe(`'${hostile[index]}`);
    }
  });

  it('leaves ordinary text, numbers and multi-line articles as they are', () => {
    expect(formulaGuard('# Title\n\n=not at the start')).toBe('# Title\n\n=not at the start');
    expect(formulaGuard('Café - crème')).toBe('Café - crème');
    expect(formulaGuard(-3)).toBe(-3);
    expect(formulaGuard(null)).toBeNull();
  });

  it('has one JSON object per line in JSONL', () => {
    const lines = resultsJsonl(TASKS).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line))).toMatchObject([
      { index: 0, id: '0', status: 'done', usage: { totalTokens: 42 }, text: '# Coffee\n\nA "strong", bitter drink.' },
      { index: 1, topic: '=1+2', status: 'failed', error: { kind: 'server_error' }, text: null },
      { index: 2, status: 'skipped' },
    ]);
  });

  it('is written under a new name when the contents differ, never over a file, and not again when a file holds the same', async () => {
    writeFileSync(join(dir, 'pacer-12345678-results.csv'), 'mine');
    expect(await writeResultsFile(dir, '12345678-aaaa', 'csv', 'a')).toEqual({ path: join(dir, 'pacer-12345678-results-2.csv'), unchanged: false });
    expect(await writeResultsFile(dir, '12345678-aaaa', 'csv', 'b')).toEqual({ path: join(dir, 'pacer-12345678-results-3.csv'), unchanged: false });
    expect(await writeResultsFile(dir, '12345678-aaaa', 'csv', 'a')).toEqual({ path: join(dir, 'pacer-12345678-results-2.csv'), unchanged: true });
    expect(await writeResultsFile(dir, '12345678-aaaa', 'csv', 'mine')).toEqual({ path: join(dir, 'pacer-12345678-results.csv'), unchanged: true });
    expect(readFileSync(join(dir, 'pacer-12345678-results.csv'), 'utf8')).toBe('mine');
    expect(readdirSync(dir).sort()).toEqual(['pacer-12345678-results-2.csv', 'pacer-12345678-results-3.csv', 'pacer-12345678-results.csv']);
  });
});

describe('readTopicsText (for the shell’s open-file dialog)', () => {
  it('reads UTF-8 and UTF-16 text, and refuses what is not text with an InputError', async () => {
    writeFileSync(join(dir, 'topics.txt'), '\uFEFFCafé\nTea\n');
    expect(await readTopicsText(join(dir, 'topics.txt'))).toEqual({ name: 'topics.txt', text: 'Café\nTea\n' });
    writeFileSync(join(dir, 'book.xlsx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1]));
    await expect(readTopicsText(join(dir, 'book.xlsx'))).rejects.toMatchObject({ code: 'binary', message: expect.stringContaining('book.xlsx') });
    await expect(readTopicsText(join(dir, 'gone.txt'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(readTopicsText(dir)).rejects.toMatchObject({ code: 'unreadable' });
  });
});
