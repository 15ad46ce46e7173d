import type { KeyPoolStatus, KeyStatus } from '../../shared/ipc/contract.ts';
import type { KeyEntry } from '../../shared/keys/parse-keys.ts';

/**
 * Where the API key lives: main only, never the renderer (style.md rule 10). The Electron shell
 * keeps it encrypted with safeStorage; the web host and the tests keep it in memory. Nothing
 * returned here but `get()` and `poolEntries()` ever holds a key, so a KeyStatus or a
 * KeyPoolStatus is safe to send anywhere.
 */
export interface SecretStore {
  status(): KeyStatus;
  /** The key for the next run start, or undefined when none is set. */
  get(): string | undefined;
  set(apiKey: string): KeyStatus;
  clear(): KeyStatus;
  /** The pool of keys runs send with, each its own quota: labels and last four characters. */
  pool(): KeyPoolStatus;
  /** The pool's keys for the next run start; empty when there is no pool. */
  poolEntries(): readonly KeyEntry[];
  /** Throws AppError 'key_pool' for a key already there. */
  addToPool(entry: Omit<KeyEntry, 'label'> & { readonly label?: string }): KeyPoolStatus;
  /** Throws AppError 'key_pool' for an id not in the pool. */
  removeFromPool(id: string): KeyPoolStatus;
}
