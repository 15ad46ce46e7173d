import { describe, expect, it } from 'vitest';
import { InputError } from '../../../shared/input/input-error.ts';
import { parseTopics, repeatedRowCount } from '../../../shared/input/parse-topics.ts';
import type { ParseTopicsOptions } from '../../../shared/input/parse-topics.ts';
import { sniffFormat } from '../../../shared/input/sniff-format.ts';

function inputError(text: string, options: ParseTopicsOptions): InputError {
  try {
    parseTopics(text, options);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseTopics: lines', () => {
  it('trims, collapses spaces, skips blank lines and reports their line numbers', () => {
    const parsed = parseTopics('\uFEFF  Coffee   grinders \r\n\r\nTea\n   \nJapan travel\n', { format: 'lines' });
    expect(parsed.tasks).toEqual([
      { index: 0, topic: 'Coffee grinders', vars: { topic: 'Coffee grinders' } },
      { index: 1, topic: 'Tea', vars: { topic: 'Tea' } },
      { index: 2, topic: 'Japan travel', vars: { topic: 'Japan travel' } },
    ]);
    expect(parsed.emptyRows).toEqual([2, 4]);
    expect(parsed.rowCount).toBe(5);
    expect(parsed.columns).toEqual([]);
    expect(parsed.topicColumn).toBeNull();
  });

  it('drops repeated topics (case, spacing and width aside) and reports every line holding them', () => {
    const parsed = parseTopics('Coffee\ncoffee \nTea\n  COFFEE\nＣｏｆｆｅｅ\nTea', { format: 'lines' });
    expect(parsed.tasks.map((t) => t.topic)).toEqual(['Coffee', 'Tea']);
    expect(parsed.tasks.map((t) => t.index)).toEqual([0, 1]);
    expect(parsed.duplicates).toEqual([
      { topic: 'Coffee', rows: [1, 2, 4, 5] },
      { topic: 'Tea', rows: [3, 6] },
    ]);
  });

  it('keeps repeats when asked, still reporting them, with dense indexes', () => {
    const parsed = parseTopics('A\na\nB', { format: 'lines', keepDuplicates: true });
    expect(parsed.tasks.map((t) => [t.index, t.topic])).toEqual([
      [0, 'A'],
      [1, 'a'],
      [2, 'B'],
    ]);
    expect(parsed.duplicates).toEqual([{ topic: 'A', rows: [1, 2] }]);
  });

  it('refuses empty and whitespace-only input with a specific message', () => {
    for (const text of ['', '\uFEFF', ' \n\t\r\n ']) {
      const error = inputError(text, { format: 'lines', source: 'topics.txt' });
      expect(error.code).toBe('empty');
      expect(error.message).toBe('No topics found in topics.txt: it is empty. Add one topic per line, or a CSV with a header row.');
    }
  });

  it('refuses a topic column for a plain list', () => {
    expect(inputError('a\nb', { format: 'lines', column: 'keyword' }).code).toBe('unknown_column');
  });
});

describe('parseTopics: csv and tsv', () => {
  const csv = 'Keyword,Audience,Tone\nCoffee,beginners,"warm, practical"\n"Paris, France",families,\n,,\nTea,"multi\nline",x\n';

  it('picks a known topic column, keeps every column as a variable, and adds topic', () => {
    const parsed = parseTopics(csv, { format: 'csv' });
    expect(parsed.topicColumn).toBe('Keyword');
    expect(parsed.columns).toEqual(['Keyword', 'Audience', 'Tone']);
    expect(parsed.tasks[0]).toEqual({ index: 0, topic: 'Coffee', vars: { Keyword: 'Coffee', Audience: 'beginners', Tone: 'warm, practical', topic: 'Coffee' } });
    expect(parsed.tasks[1]!.topic).toBe('Paris, France');
    expect(parsed.tasks[2]!.vars.Audience).toBe('multi\nline');
    expect(parsed.rowCount).toBe(4);
    expect(parsed.emptyRows).toEqual([4]);
  });

  it('prefers topic over title over keyword, case-insensitively, else the first column', () => {
    expect(parseTopics('keyword,Title,x\nk,t,1', { format: 'csv' }).topicColumn).toBe('Title');
    expect(parseTopics('KEYWORDS,x\nk,1', { format: 'csv' }).topicColumn).toBe('KEYWORDS');
    expect(parseTopics('title,TOPIC\nt,p', { format: 'csv' }).tasks[0]!.topic).toBe('p');
    expect(parseTopics('subject,notes\ns,n', { format: 'csv' }).topicColumn).toBe('subject');
  });

  it('uses the column option: exact, else case-insensitive', () => {
    expect(parseTopics('topic,Angle\nt,a', { format: 'csv', column: ' angle ' }).tasks[0]!.topic).toBe('a');
    const parsed = parseTopics('topic,Angle\nt,a', { format: 'csv', column: 'Angle' });
    // `topic` always holds the chosen topic, even when another column is named "topic".
    expect(parsed.tasks[0]!.vars).toEqual({ topic: 'a', Angle: 'a' });
  });

  it('refuses an unknown column, listing the columns', () => {
    const error = inputError('topic,notes\nt,n', { format: 'csv', column: 'kw', source: 'in.csv' });
    expect(error.code).toBe('unknown_column');
    expect(error.message).toBe('No column named "kw" in in.csv. Columns: "topic", "notes". Choose one of them as the topic column.');
  });

  it('counts rows like a spreadsheet: header is row 1, blank lines included', () => {
    const parsed = parseTopics('\ntopic\n\nA\n\nB\n', { format: 'csv' });
    expect(parsed.emptyRows).toEqual([3, 5]);
    expect(parsed.tasks.map((t) => t.topic)).toEqual(['A', 'B']);
  });

  it('treats a CSV row as a repeat only when every cell matches', () => {
    const parsed = parseTopics('topic,audience\nCoffee,kids\ncoffee, KIDS \nCoffee,adults', { format: 'csv' });
    expect(parsed.tasks.map((t) => `${t.topic}/${t.vars.audience}`)).toEqual(['Coffee/kids', 'Coffee/adults']);
    expect(parsed.duplicates).toEqual([{ topic: 'Coffee', rows: [2, 3] }]);
  });

  it('counts the repeated rows, not the groups they form', () => {
    const parsed = parseTopics('Tea\nCoffee\ntea\nTEA\ncoffee\nCocoa', { format: 'lines' });
    expect(parsed.duplicates).toEqual([
      { topic: 'Tea', rows: [1, 3, 4] },
      { topic: 'Coffee', rows: [2, 5] },
    ]);
    expect(repeatedRowCount(parsed.duplicates)).toBe(3);
    expect(parsed.tasks).toHaveLength(3);
  });

  it('names blank and repeated headers so each column stays reachable', () => {
    const parsed = parseTopics('topic,,notes,notes\nt,a,b,c', { format: 'csv' });
    expect(parsed.columns).toEqual(['topic', 'column 2', 'notes', 'notes (2)']);
    expect(parsed.tasks[0]!.vars['notes (2)']).toBe('c');
  });

  it('keeps a "__proto__" column as a plain variable', () => {
    const vars = parseTopics('topic,__proto__\nt,x', { format: 'csv' }).tasks[0]!.vars;
    expect(Object.getPrototypeOf(vars)).toBe(Object.prototype);
    expect(Object.hasOwn(vars, '__proto__')).toBe(true);
  });

  it('reads semicolon CSV when the header has semicolons and no commas', () => {
    const parsed = parseTopics('Titel;Notiz\nKaffee, Tee;x', { format: 'csv' });
    expect(parsed.tasks[0]!.vars).toMatchObject({ Titel: 'Kaffee, Tee', Notiz: 'x' });
  });

  it('reads TSV', () => {
    const parsed = parseTopics('keyword\tvolume\nhiking boots, waterproof\t12000\n', { format: 'tsv' });
    expect(parsed.tasks[0]).toMatchObject({ topic: 'hiking boots, waterproof', vars: { volume: '12000' } });
  });

  it('tolerates rows with missing or empty trailing cells', () => {
    const parsed = parseTopics('topic,a,b\nx\ny,1,2,,', { format: 'csv' });
    expect(parsed.tasks.map((t) => t.vars)).toEqual([
      { topic: 'x', a: '', b: '' },
      { topic: 'y', a: '1', b: '2' },
    ]);
  });

  it('refuses a row with more fields than the header, naming the row', () => {
    const error = inputError('topic,audience\nok,x\nParis, France,families\n', { format: 'csv', source: 'in.csv' });
    expect(error.code).toBe('malformed_csv');
    expect(error.row).toBe(3);
    expect(error.message).toMatch(/^Row 3 of in\.csv has 3 fields but the header has 2 \(topic, audience\)\. Wrap fields that contain "," in double quotes/);
  });

  it('refuses an unclosed quote, naming the row', () => {
    const error = inputError('topic,audience\nok,x\n"Coffee,beginners\nTea,students\n', { format: 'csv', source: 'in.csv' });
    expect(error.code).toBe('malformed_csv');
    expect(error.row).toBe(3);
    expect(error.message).toMatch(/^Could not read in\.csv as CSV at row 3: a quoted field is never closed/);
  });

  it('names both row and line when a multi-line cell makes them differ', () => {
    const error = inputError('topic,notes\nA,"two\nlines"\nB,"open\n', { format: 'csv' });
    expect(error.row).toBe(3);
    expect(error.message).toContain('at row 3, line 4');
  });

  it('refuses a header with no rows, and a table whose topics are all blank', () => {
    const headerOnly = inputError('topic,audience\n', { format: 'csv', source: 'h.csv' });
    expect(headerOnly.code).toBe('empty');
    expect(headerOnly.message).toBe('No topics found in h.csv: it has a header row ("topic", "audience") but no rows below it.');
    const blank = inputError('topic,audience\n,kids\n  ,adults\n', { format: 'csv', source: 'b.csv' });
    expect(blank.code).toBe('empty');
    expect(blank.message).toMatch(/^No topics found in b\.csv: the "topic" column is empty in every row \(rows 2–3\)/);
    expect(inputError(',,\n,,\n', { format: 'csv' }).code).toBe('empty');
  });
});

describe('sniffFormat', () => {
  it('calls text a table only when its first line names a topic column', () => {
    expect(sniffFormat('keyword,volume\nboots,1')).toBe('csv');
    expect(sniffFormat('\n"Title";notes\nx;y')).toBe('csv');
    expect(sniffFormat('Topic\tNotes\nx\ty')).toBe('tsv');
    expect(sniffFormat('Paris, France: a guide\nRome, Italy: a guide')).toBe('lines');
    expect(sniffFormat('topic\nCoffee')).toBe('lines');
  });
});
