import { extname } from 'node:path';
import { parseTopics } from '../../shared/input/parse-topics.ts';
import type { ParsedTopics, TopicFormat } from '../../shared/input/parse-topics.ts';
import { sniffFormat } from '../../shared/input/sniff-format.ts';
import { readUserTextFile } from './read-user-text-file.ts';
import type { UserTextFileKind } from './read-user-text-file.ts';

/** Big enough for millions of topics; small enough to read into memory and parse in one go. */
export const MAX_TOPICS_FILE_BYTES = 50 * 1024 * 1024;

/** A topics file, named on the command line or picked in the desktop app's dialog. */
export const TOPICS_FILE: UserTextFileKind = {
  what: 'Topics file',
  choose: 'Choose a .txt, .csv or .tsv file with your topics.',
  maxBytes: MAX_TOPICS_FILE_BYTES,
  tooLarge: 'Split it into smaller files and run them one after another.',
};

export interface ReadTopicsFileOptions {
  /** See ParseTopicsOptions.column. */
  readonly column?: string;
  readonly keepDuplicates?: boolean;
  /** Overrides the format the extension (or, failing that, the content) suggests. */
  readonly format?: TopicFormat;
}

export interface TopicsFile extends ParsedTopics {
  readonly format: TopicFormat;
}

const FORMAT_BY_EXTENSION: Readonly<Record<string, TopicFormat>> = {
  '.txt': 'lines',
  '.text': 'lines',
  '.md': 'lines',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
};

/** Reads a topics file: plain list (.txt/.md), CSV or TSV; other extensions by their content. */
export async function readTopicsFile(path: string, options: ReadTopicsFileOptions = {}): Promise<TopicsFile> {
  const text = await readUserTextFile(path, TOPICS_FILE);
  const format = options.format ?? FORMAT_BY_EXTENSION[extname(path).toLowerCase()] ?? sniffFormat(text);
  const parsed = parseTopics(text, { format, column: options.column, keepDuplicates: options.keepDuplicates, source: path });
  return { ...parsed, format };
}
