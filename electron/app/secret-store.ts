import type { KeyStatus } from '../../shared/ipc/contract.ts';
import type { SecretKeyPool } from './secret-key-pool.ts';

/**
 * Where the API key lives: main only, never the renderer (style.md rule 10). The Electron shell
 * keeps it encrypted with safeStorage; the web host and the tests keep it in memory. Nothing
 * returned here but `get()` and `keyPool.entries()` ever holds a key, so a KeyStatus or a
 * KeyPoolStatus is safe to send anywhere.
 */
export interface SecretStore {
  status(): KeyStatus;
  /** The key for the next run start, or undefined when none is set. */
  get(): string | undefined;
  set(apiKey: string): KeyStatus;
  clear(): KeyStatus;
  /** The pool of keys runs send with, each its own quota (secret-key-pool.ts, shared by both stores). */
  readonly keyPool: SecretKeyPool;
}
