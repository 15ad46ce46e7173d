import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../../shared/input/input-error.ts';
import { decodeText } from './decode-text.ts';

/** A kind of file the user names (topics, keys, prices, gates), as its messages speak of it. */
export interface UserTextFileKind {
  /** Capitalised, e.g. "Keys file". */
  readonly what: string;
  /** What to choose instead of a folder, a device or a binary file, e.g. "Give --keys the path of a text file with one API key per line." */
  readonly choose: string;
  /** Far more than any real one needs: a larger file is a wrong path (and is never read into memory). */
  readonly maxBytes: number;
  /** What to do about a file over maxBytes. @default "Check that the path names the right file." */
  readonly tooLarge?: string;
  /** What to choose instead of a binary file. @default the topics file's (decode-text.ts), which knows spreadsheets */
  readonly binaryHint?: string;
}

/**
 * Reads a text file the user named: a regular file (a FIFO or /dev/zero would block or never end)
 * within the kind's size, decoded as UTF-8 or UTF-16 with a BOM (decode-text.ts), as Notepad and
 * Excel save them. Every failure is an InputError naming the file and what to do:
 * not_found, unreadable (a folder, a device, no permission), too_large, encoding, binary.
 */
export async function readUserTextFile(path: string, kind: UserTextFileKind): Promise<string> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError('unreadable', `${path} is a folder, not a file. ${kind.choose}`);
    if (!info.isFile()) throw new InputError('unreadable', `${path} is not a regular file. ${kind.choose}`);
    if (info.size > kind.maxBytes) throw tooLarge(path, info.size, kind);
    bytes = await readFile(path);
  } catch (error) {
    throw toInputError(error, path, kind);
  }
  // It may have grown since stat.
  if (bytes.length > kind.maxBytes) throw tooLarge(path, bytes.length, kind);
  return decodeText(bytes, path, kind.binaryHint);
}

function tooLarge(path: string, size: number, kind: UserTextFileKind): InputError {
  return new InputError(
    'too_large',
    `${path} is ${sizeOf(size)}; a ${kind.what.toLowerCase()} can be at most ${sizeOf(kind.maxBytes)}. ${kind.tooLarge ?? 'Check that the path names the right file.'}`,
  );
}

function sizeOf(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function toInputError(error: unknown, path: string, kind: UserTextFileKind): InputError {
  if (error instanceof InputError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new InputError('not_found', `${kind.what} not found: ${path}. Check the path and try again.`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new InputError('unreadable', `No permission to read ${path}. Allow reading it, or copy it somewhere you can read, and try again.`, { cause: error });
    case 'EISDIR':
      return new InputError('unreadable', `${path} is a folder, not a file. ${kind.choose}`, { cause: error });
    default:
      return new InputError('unreadable', `Could not read ${path}: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
}
