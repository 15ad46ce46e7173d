import type { TaskInput } from '../domain/task.ts';
import { matchName, quoteList } from '../match-name.ts';
import { InputError } from './input-error.ts';
import { parseTable } from './parse-table.ts';
import type { Table } from './parse-table.ts';

/**
 * Pasted text or a file's text to tasks. Pure, so the renderer can preview an import while the
 * user types and main can run the very same parse on the file.
 *
 * - `lines`: one topic per line; blank lines skipped and reported.
 * - `csv`/`tsv`: a header row, then one task per row. Every column becomes a template variable
 *   (`{{Column name}}`), and `topic` always holds the row's topic.
 * - Repeats are dropped unless `keepDuplicates`: pasting a topic twice should not cost twice. In a
 *   CSV a row repeats another only when its topic AND every other cell match (ignoring case and
 *   spacing), because the same topic with a different audience column is a different prompt.
 */
export type TopicFormat = 'lines' | 'csv' | 'tsv';

export interface ParseTopicsOptions {
  readonly format: TopicFormat;
  /**
   * Header of the topic column (CSV/TSV), matched like template variables: exact, else the unique
   * case-insensitive match. @default the first of topic/title/keyword/keywords, else the first column
   */
  readonly column?: string;
  /** Keep repeated topics as separate tasks (still reported). @default false */
  readonly keepDuplicates?: boolean;
  /** How messages name the input, e.g. the file's name. @default 'the pasted text' */
  readonly source?: string;
}

export interface DuplicateTopic {
  /** As first written. */
  readonly topic: string;
  /** Every row (or line) holding it, the first included. */
  readonly rows: readonly number[];
}

export interface ParsedTopics {
  readonly tasks: TaskInput[];
  /** Header names (CSV/TSV); empty for a plain list. */
  readonly columns: string[];
  readonly topicColumn: string | null;
  /** Data rows (or lines) read, blank ones included. */
  readonly rowCount: number;
  /** 1-based rows (CSV/TSV, header = row 1) or lines skipped because their topic is blank. */
  readonly emptyRows: number[];
  readonly duplicates: DuplicateTopic[];
}

/** How many rows the duplicates hold beyond their first: the tasks dropped (or kept anyway), not the groups. */
export function repeatedRowCount(duplicates: readonly DuplicateTopic[]): number {
  return duplicates.reduce((sum, duplicate) => sum + duplicate.rows.length - 1, 0);
}

/** Header names recognised as the topic column, most specific first. */
export const TOPIC_COLUMN_NAMES = ['topic', 'title', 'keyword', 'keywords'] as const;

interface Row {
  readonly row: number;
  readonly topic: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly key: string;
}

export function parseTopics(text: string, options: ParseTopicsOptions): ParsedTopics {
  const source = options.source ?? 'the pasted text';
  // A trailing line break ends the last line; it does not start an empty one.
  const body = text.replace(/^\uFEFF/, '').replace(/(\r\n|\r|\n)$/, '');
  if (body.trim() === '') {
    throw new InputError('empty', `No topics found in ${source}: it is empty. Add one topic per line, or a CSV with a header row.`);
  }
  const read = options.format === 'lines' ? readLines(body, source, options.column) : readTable(parseTable(body, options.format, source), source, options.column);
  return { ...read.meta, ...dedupe(read.rows, options.keepDuplicates ?? false) };
}

interface Read {
  readonly rows: readonly Row[];
  readonly meta: Pick<ParsedTopics, 'columns' | 'topicColumn' | 'rowCount' | 'emptyRows'>;
}

function readLines(body: string, source: string, column: string | undefined): Read {
  if (column !== undefined) {
    throw new InputError(
      'unknown_column',
      `The topic column ${JSON.stringify(column)} cannot be used: ${source} is a plain list (one topic per line) with no columns. ` +
        'Import a CSV or TSV file with a header row, or do not choose a column.',
    );
  }
  const lines = body.split(/\r\n|\r|\n/);
  const rows: Row[] = [];
  const emptyRows: number[] = [];
  lines.forEach((line, index) => {
    const topic = tidyTopic(line);
    if (topic === '') emptyRows.push(index + 1);
    else rows.push({ row: index + 1, topic, vars: { topic }, key: normalise(topic) });
  });
  return { rows, meta: { columns: [], topicColumn: null, rowCount: lines.length, emptyRows } };
}

function readTable(table: Table, source: string, column: string | undefined): Read {
  const { header } = table;
  const topicColumn = pickTopicColumn(header, column, source);
  const topicIndex = header.indexOf(topicColumn);
  if (table.rows.length === 0) {
    throw new InputError('empty', `No topics found in ${source}: it has a header row (${quoteList(header)}) but no rows below it.`);
  }
  const rows: Row[] = [];
  const emptyRows: number[] = [];
  for (const { row, cells } of table.rows) {
    const topic = tidyTopic(cells[topicIndex] ?? '');
    if (topic === '') {
      emptyRows.push(row);
      continue;
    }
    const values = cells.map((cell, index) => (index === topicIndex ? topic : cell.trim()));
    // fromEntries defines own properties, so a column named "__proto__" stays a plain variable.
    const vars = Object.fromEntries([...header.map((name, index) => [name, values[index]!]), ['topic', topic]]);
    const key = JSON.stringify(values.map((value, index) => (index === topicIndex ? normalise(topic) : normalise(value))));
    rows.push({ row, topic, vars, key });
  }
  if (rows.length === 0) {
    const first = table.rows[0]!.row;
    const last = table.rows.at(-1)!.row;
    throw new InputError(
      'empty',
      `No topics found in ${source}: the ${JSON.stringify(topicColumn)} column is empty in every row (rows ${first}–${last}). ` +
        `Choose the column that holds the topics (columns: ${quoteList(header)}).`,
    );
  }
  return { rows, meta: { columns: [...header], topicColumn, rowCount: table.rows.length, emptyRows } };
}

function pickTopicColumn(header: readonly string[], column: string | undefined, source: string): string {
  if (column === undefined) {
    for (const wanted of TOPIC_COLUMN_NAMES) {
      const found = header.find((name) => name.toLowerCase() === wanted);
      if (found !== undefined) return found;
    }
    return header[0]!;
  }
  const match = matchName(column, header);
  if (match.kind === 'found') return match.name;
  const wanted = JSON.stringify(column.trim());
  const why =
    match.kind === 'missing'
      ? `No column named ${wanted} in ${source}`
      : `Several columns in ${source} differ from ${wanted} only in case (${quoteList(match.candidates)}), so write the name exactly`;
  throw new InputError('unknown_column', `${why}. Columns: ${quoteList(header)}. Choose one of them as the topic column.`);
}

function dedupe(rows: readonly Row[], keepDuplicates: boolean): Pick<ParsedTopics, 'tasks' | 'duplicates'> {
  const byKey = new Map<string, { topic: string; rows: number[] }>();
  const tasks: TaskInput[] = [];
  for (const row of rows) {
    const seen = byKey.get(row.key);
    if (seen) seen.rows.push(row.row);
    else byKey.set(row.key, { topic: row.topic, rows: [row.row] });
    if (!seen || keepDuplicates) tasks.push({ index: tasks.length, topic: row.topic, vars: row.vars });
  }
  const duplicates = [...byKey.values()].filter((entry) => entry.rows.length > 1);
  return { tasks, duplicates };
}

/** A topic is one line of words: stray line breaks and runs of spaces become single spaces. */
function tidyTopic(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** What makes two topics "the same" for duplicate detection: case, spacing and Unicode form aside. */
function normalise(text: string): string {
  return tidyTopic(text.normalize('NFKC').toLowerCase());
}
