import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../../shared/input/input-error.ts';
import { decodeText } from '../input/decode-text.ts';
import { MAX_TOPICS_FILE_BYTES } from '../input/read-topics-file.ts';

/**
 * A topics file the user picked in a native dialog, as the text the renderer parses (it owns the
 * column choice and the preview). Dialogs implementations call this so that size limits and the
 * encoding rules (decode-text.ts) are the CLI's, and every failure is an InputError the UI can show.
 */
export async function readTopicsText(path: string): Promise<{ name: string; text: string }> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    // A folder, a FIFO or a device (/dev/zero) would fail, block or never end.
    if (!info.isFile()) throw new InputError('unreadable', `${path} is not a regular file. Choose a .txt, .csv or .tsv file with your topics.`);
    if (info.size > MAX_TOPICS_FILE_BYTES) {
      throw new InputError('too_large', `${path} is ${megabytes(info.size)}; a topics file can be at most ${megabytes(MAX_TOPICS_FILE_BYTES)}. Split it into smaller files.`);
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new InputError('not_found', `Topics file not found: ${path}. It may have been moved; choose it again.`, { cause: error });
    throw new InputError('unreadable', `Could not read ${path}: ${(error as Error).message}. Check that you may read it and choose it again.`, { cause: error });
  }
  return { name, text: decodeText(bytes, name) };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
