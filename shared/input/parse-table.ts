import Papa from 'papaparse';
import type { ParseError } from 'papaparse';
import { InputError } from './input-error.ts';

/**
 * CSV/TSV text to a header and rows, with every problem located. Rows are numbered as a spreadsheet
 * shows them: the file's first record is row 1 (blank lines count), so for files without
 * multi-line quoted cells the row number is also the line number in a text editor.
 */
export interface Table {
  /** Header names, trimmed; a blank one becomes `column N`, a repeated one `name (2)`. */
  readonly header: readonly string[];
  readonly headerRow: number;
  readonly rows: readonly TableRow[];
}

export interface TableRow {
  /** 1-based, see Table. */
  readonly row: number;
  /** One cell per header column, untrimmed; missing trailing cells are ''. */
  readonly cells: readonly string[];
}

export function parseTable(text: string, format: 'csv' | 'tsv', source: string): Table {
  const delimiter = format === 'tsv' ? '\t' : csvDelimiter(text);
  // Skipping empty lines would renumber the rows; they are reported as empty rows instead.
  const result = Papa.parse<string[]>(text, { delimiter, header: false, skipEmptyLines: false });
  const firstError = result.errors[0];
  if (firstError) throw malformed(firstError, text, source);

  const records = result.data;
  const headerIndex = records.findIndex((cells) => !isBlank(cells));
  if (headerIndex === -1) {
    throw new InputError('empty', `No topics found in ${source}: it has no header row, only empty cells. Put column names on the first line, e.g. "topic".`);
  }
  const header = headerNames(records[headerIndex]!);
  const rows: TableRow[] = [];
  for (let index = headerIndex + 1; index < records.length; index++) {
    const cells = records[index]!;
    const row = index + 1;
    const extra = cells.slice(header.length);
    // Spreadsheet exports often end rows with empty cells ("a,b,,"): harmless, ignored.
    if (extra.some((cell) => cell.trim() !== '')) {
      const what = format === 'tsv' ? 'tabs' : `"${delimiter}"`;
      throw new InputError(
        'malformed_csv',
        `Row ${row} of ${source} has ${cells.length} fields but the header has ${header.length} (${header.join(', ')}). ` +
          `Wrap fields that contain ${what} in double quotes, or add a header for the extra column.`,
        { row },
      );
    }
    rows.push({ row, cells: header.map((_, column) => cells[column] ?? '') });
  }
  return { header, headerRow: headerIndex + 1, rows };
}

export function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/**
 * European spreadsheet programs save "CSV" with semicolons. Decide from the header line only, so a
 * comma inside some topic further down cannot flip the choice.
 */
function csvDelimiter(text: string): ',' | ';' {
  const firstLine = text.slice(0, 65_536).split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  return !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
}

/**
 * Each header name made unique: a repeat of `base` becomes `base (n)` with the smallest n ≥ 2 not
 * taken yet. Names are never freed, so the search for a base resumes where it last stopped instead
 * of at 2: every taken name is passed over at most once, and a hostile header of 40,000 equal
 * names costs 40,000 steps, not 800 million.
 */
export function headerNames(cells: readonly string[]): string[] {
  const taken = new Set<string>();
  const nextSuffix = new Map<string, number>();
  return cells.map((cell, index) => {
    const base = cell.trim() === '' ? `column ${index + 1}` : cell.trim();
    let name = base;
    if (taken.has(name)) {
      let n = nextSuffix.get(base) ?? 2;
      while (taken.has((name = `${base} (${n})`))) n++;
      nextSuffix.set(base, n + 1);
    }
    taken.add(name);
    return name;
  });
}

function malformed(error: ParseError, text: string, source: string): InputError {
  const row = error.row === undefined ? undefined : error.row + 1;
  const line = error.index === undefined ? undefined : lineAt(text, error.index);
  const where = [row === undefined ? '' : `row ${row}`, line === undefined || line === row ? '' : `line ${line}`].filter(Boolean).join(', ');
  const at = where === '' ? '' : ` at ${where}`;
  const problem =
    error.code === 'MissingQuotes'
      ? 'a quoted field is never closed (a " without its closing ")'
      : error.code === 'InvalidQuotes'
        ? 'a quote appears in the middle of a quoted field'
        : error.message;
  return new InputError(
    'malformed_csv',
    `Could not read ${source} as CSV${at}: ${problem}. ` +
      'Fields containing commas, quotes or line breaks must be wrapped in double quotes, with quotes inside them doubled ("").',
    { row },
  );
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 10 || (char === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}
