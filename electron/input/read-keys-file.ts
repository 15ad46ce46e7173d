import { readFile, stat } from 'node:fs/promises';
import type { KeyEntry } from '../../shared/keys/parse-keys.ts';
import { KeysFileError, parseKeys } from '../../shared/keys/parse-keys.ts';

/** Far more than any list of keys; a larger file is a wrong path. */
const MAX_KEYS_FILE_BYTES = 256 * 1024;

/** Reads `--keys FILE` (shared/keys/parse-keys.ts). Errors name the file and line, never a key. */
export async function readKeysFile(path: string): Promise<KeyEntry[]> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new KeysFileError(`${path} is not a file. Give --keys the path of a text file with one API key per line.`);
    if (info.size > MAX_KEYS_FILE_BYTES) throw new KeysFileError(`${path} is ${info.size} bytes; a keys file can be at most ${MAX_KEYS_FILE_BYTES}. Check that --keys names the right file.`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof KeysFileError) throw error;
    const code = (error as { code?: string }).code;
    throw new KeysFileError(code === 'ENOENT' ? `${path} does not exist. Give --keys the path of a text file with one API key per line.` : `Cannot read ${path}: ${(error as Error).message}`);
  }
  return parseKeys(text, path);
}
