import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkDataFolder } from '../store/data-folder.ts';
import { defaultDataDir } from '../store/default-data-dir.ts';
import { DATABASE_FILE_NAME, openRunStore } from '../store/open-database.ts';
import type { RunStore } from '../store/open-database.ts';
import { StoreError } from '../store/store-error.ts';
import { UsageError } from './exit-codes.ts';

/**
 * The run store for CLI commands. Every StoreError from opening it (another Pacer holds it, the
 * file is damaged or from a newer Pacer, the folder is not writable) is something the user must
 * fix, not a crash: it becomes a UsageError (exit 2) carrying the store's message, which already
 * names the file and says what to do.
 */

/** `--data DIR`, else $PACER_DATA_DIR, else the platform's app-data folder; absolute, for messages. */
export function cliDataDir(dataDirFlag: string | undefined, env: NodeJS.ProcessEnv): string {
  return path.resolve(dataDirFlag ?? defaultDataDir(env));
}

/** Opens the store, creating an empty one if there is none yet. The caller closes it. */
export function openCliStore(dataDirFlag: string | undefined, env: NodeJS.ProcessEnv): RunStore {
  const dataDir = cliDataDir(dataDirFlag, env);
  try {
    return openRunStore(dataDir);
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  }
}

/** Like openCliStore, but undefined when there is no store yet: commands that only read never create one. */
export function openCliStoreIfExists(dataDirFlag: string | undefined, env: NodeJS.ProcessEnv): RunStore | undefined {
  const dataDir = cliDataDir(dataDirFlag, env);
  checkDataFolder(dataDir, DATABASE_FILE_NAME, { create: false });
  if (!existsSync(path.join(dataDir, DATABASE_FILE_NAME))) return undefined;
  return openCliStore(dataDirFlag, env);
}
