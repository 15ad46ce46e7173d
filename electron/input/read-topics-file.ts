import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../../shared/input/input-error.ts';
import { parseTopics } from '../../shared/input/parse-topics.ts';
import type { ParsedTopics, TopicFormat } from '../../shared/input/parse-topics.ts';
import { sniffFormat } from '../../shared/input/sniff-format.ts';
import { decodeText } from './decode-text.ts';

/** Big enough for millions of topics; small enough to read into memory and parse in one go. */
export const MAX_TOPICS_FILE_BYTES = 50 * 1024 * 1024;

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
  const bytes = await readBytes(path);
  const text = decodeText(bytes, path);
  const format = options.format ?? FORMAT_BY_EXTENSION[extname(path).toLowerCase()] ?? sniffFormat(text);
  const parsed = parseTopics(text, { format, column: options.column, keepDuplicates: options.keepDuplicates, source: path });
  return { ...parsed, format };
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new InputError('unreadable', `${path} is a folder, not a file. Choose the .txt, .csv or .tsv file with your topics.`);
    }
    // A FIFO or a device (/dev/zero) would block or never end.
    if (!info.isFile()) throw new InputError('unreadable', `${path} is not a regular file. Choose a .txt, .csv or .tsv file with your topics.`);
    if (info.size > MAX_TOPICS_FILE_BYTES) throw tooLarge(path, info.size);
    const bytes = await readFile(path);
    // It may have grown since stat.
    if (bytes.length > MAX_TOPICS_FILE_BYTES) throw tooLarge(path, bytes.length);
    return bytes;
  } catch (error) {
    throw toInputError(error, path);
  }
}

function tooLarge(path: string, size: number): InputError {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return new InputError('too_large', `${path} is ${mb(size)}; a topics file can be at most ${mb(MAX_TOPICS_FILE_BYTES)}. Split it into smaller files and run them one after another.`);
}

function toInputError(error: unknown, path: string): InputError {
  if (error instanceof InputError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new InputError('not_found', `Topics file not found: ${path}. Check the path (and that the file was not moved) and try again.`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new InputError('unreadable', `No permission to read ${path}. Allow reading it, or copy it somewhere you can read, and try again.`, { cause: error });
    case 'EISDIR':
      return new InputError('unreadable', `${path} is a folder, not a file. Choose the .txt, .csv or .tsv file with your topics.`, { cause: error });
    default:
      return new InputError('unreadable', `Could not read ${path}: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
}
