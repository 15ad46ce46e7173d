import { InputError } from '../../shared/input/input-error.ts';
import { parseTopics } from '../../shared/input/parse-topics.ts';
import type { ParsedTopics, TopicFormat } from '../../shared/input/parse-topics.ts';
import { sniffFormat } from '../../shared/input/sniff-format.ts';

/** How the topics box reads its text: by the file's extension, or guessed, unless the user says. */
export type FormatChoice = 'auto' | TopicFormat;

export interface TopicsReading {
  readonly format: TopicFormat;
  readonly parsed: ParsedTopics | null;
  /** The header (CSV/TSV), kept when the chosen topic column fails, so another can be chosen. */
  readonly columns: readonly string[];
  /** Why the text cannot be run (malformed CSV, unknown column, no topics); null when fine or empty. */
  readonly error: string | null;
}

const FORMAT_BY_EXTENSION: Readonly<Record<string, TopicFormat>> = {
  txt: 'lines',
  text: 'lines',
  md: 'lines',
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
};

export function formatOfFileName(name: string): TopicFormat | undefined {
  const extension = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : FORMAT_BY_EXTENSION[extension];
}

export interface ReadTopicsOptions {
  readonly choice: FormatChoice;
  /** The file's name, when the text came from one. */
  readonly fileName: string | null;
  /** The user's topic column; null lets parseTopics pick (topic/title/keyword, else the first). */
  readonly column: string | null;
}

/** The shared parser, as the setup screen runs it on every change. */
export function readTopics(text: string, options: ReadTopicsOptions): TopicsReading {
  const format = options.choice !== 'auto' ? options.choice : ((options.fileName === null ? undefined : formatOfFileName(options.fileName)) ?? sniffFormat(text));
  if (text.trim() === '') return { format, parsed: null, columns: [], error: null };
  const column = format === 'lines' || options.column === null ? undefined : options.column;
  const source = options.fileName ?? 'the pasted text';
  try {
    const parsed = parseTopics(text, { format, column, source });
    return { format, parsed, columns: parsed.columns, error: null };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // The chosen column may be what failed (e.g. it is empty): the header still offers the others.
    const columns = column === undefined ? [] : (attempt(() => parseTopics(text, { format, source }))?.columns ?? []);
    return { format, parsed: null, columns, error: error.message };
  }
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
