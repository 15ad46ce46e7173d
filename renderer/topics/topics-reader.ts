import { readTopicsFile } from '../features/setup/read-topics-file.ts';
import { readTopics } from '../store/read-topics.ts';
import type { ReadTopicsOptions, TopicsReading } from '../store/read-topics.ts';

/**
 * Reading topics: a file's bytes to text (refusing binary and non-UTF-8), and text to topics (the
 * shared parser). The browser does it in a Web Worker (worker-topics-reader.ts), so a 50 MB file
 * never freezes the window; tests and a host without workers do it inline. Both run exactly the
 * functions below.
 */
export interface ReadProgress {
  readonly phase: 'reading' | 'parsing';
  /** Bytes read so far (reading), or the text's size (parsing). */
  readonly loaded: number;
  readonly total: number;
}

export type FileRead = { readonly ok: true; readonly text: string; readonly reading: TopicsReading } | { readonly ok: false; readonly message: string };

export interface TopicsReader {
  readFile(file: File, options: ReadTopicsOptions, onProgress: (progress: ReadProgress) => void): Promise<FileRead>;
  parse(text: string, options: ReadTopicsOptions): Promise<TopicsReading>;
}

export async function readFileTopics(file: File, options: ReadTopicsOptions, onProgress: (progress: ReadProgress) => void): Promise<FileRead> {
  const read = await readTopicsFile(file, (loaded, total) => onProgress({ phase: 'reading', loaded, total }));
  if (!read.ok) return read;
  if (read.text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, message: emptyFileMessage(file.name, file.size) };
  onProgress({ phase: 'parsing', loaded: file.size, total: file.size });
  return { ok: true, text: read.text, reading: readTopics(read.text, options) };
}

export const inlineTopicsReader: TopicsReader = {
  readFile: readFileTopics,
  parse: async (text, options) => readTopics(text, options),
};

/** A file with nothing in it but blank lines: said plainly, rather than a run button that stays off. */
export function emptyFileMessage(name: string, size: number): string {
  return `${name} is empty: it has no topics (${size === 0 ? 'it is 0 bytes' : 'only blank lines'}). Choose the file that holds your topics, or paste them.`;
}
