import type { KeyStatus } from '../../shared/ipc/contract.ts';

/**
 * Where the API key lives: main only, never the renderer (style.md rule 10). The Electron shell
 * keeps it encrypted with safeStorage; the web host and the tests keep it in memory. Nothing
 * returned here but `get()` ever holds the key, so a KeyStatus is safe to send anywhere.
 */
export interface SecretStore {
  status(): KeyStatus;
  /** The key for the next run start, or undefined when none is set. */
  get(): string | undefined;
  set(apiKey: string): KeyStatus;
  clear(): KeyStatus;
}
