import type { KeyEntry } from '../../shared/keys/parse-keys.ts';
import { KeysFileError } from '../../shared/keys/parse-keys.ts';
import { knownSecrets } from '../secrets/secret-redactor.ts';
import { readKeysFile } from '../input/read-keys-file.ts';
import { UsageError } from './exit-codes.ts';

/**
 * `--keys FILE` for run, resume and retry-failed: the pool, read before anything is stored or sent.
 * Every key is known to the redactor before it can be echoed back.
 */
export async function keysOption(path: string | undefined): Promise<KeyEntry[] | undefined> {
  if (path === undefined) return undefined;
  try {
    const keys = await readKeysFile(path);
    for (const { key } of keys) knownSecrets.remember(key);
    return keys;
  } catch (error) {
    if (error instanceof KeysFileError) throw new UsageError(`--keys: ${error.message}`);
    throw error;
  }
}
