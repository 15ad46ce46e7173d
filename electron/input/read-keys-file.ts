import type { KeyEntry } from '../../shared/keys/parse-keys.ts';
import { KeysFileError, parseKeys } from '../../shared/keys/parse-keys.ts';
import { InputError } from '../../shared/input/input-error.ts';
import { readUserTextFile } from './read-user-text-file.ts';
import type { UserTextFileKind } from './read-user-text-file.ts';

const CHOOSE = 'Give --keys the path of a text file with one API key per line.';

const KEYS_FILE: UserTextFileKind = {
  what: 'Keys file',
  choose: CHOOSE,
  binaryHint: CHOOSE,
  // Far more than any list of keys.
  maxBytes: 256 * 1024,
  tooLarge: 'Check that --keys names the right file.',
};

/** Reads `--keys FILE` (shared/keys/parse-keys.ts). Errors name the file and line, never a key. */
export async function readKeysFile(path: string): Promise<KeyEntry[]> {
  let text: string;
  try {
    text = await readUserTextFile(path, KEYS_FILE);
  } catch (error) {
    if (error instanceof InputError) throw new KeysFileError(error.message);
    throw error;
  }
  return parseKeys(text, path);
}
