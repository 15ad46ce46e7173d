import type { KeyPoolStatus } from '../../shared/ipc/contract.ts';
import type { KeyEntry } from '../../shared/keys/parse-keys.ts';
import { KeyPool } from './key-pool.ts';

/** Where a non-empty pool is kept right now, and why it may not outlive this session. */
export interface PoolKeeping {
  readonly storage: 'encrypted' | 'memory';
  readonly warning?: string;
}

export interface SecretKeyPoolOptions {
  /** Asked on every status: it may change (a keychain write that failed). */
  readonly keeping: () => PoolKeeping;
  /** After every change, with the pool as it now is: the Electron store encrypts it to disk. */
  readonly changed?: (pool: KeyPool) => void;
}

/**
 * The key pool of a secret store, the same for both (the Electron one, safeStorage, and the plain
 * Node one of the CLI and web host): they differ only in where the pool is kept, which they say
 * through the options. Statuses carry labels and last four characters, never a key.
 */
export class SecretKeyPool {
  private keys = KeyPool.empty();
  private readonly options: SecretKeyPoolOptions;

  constructor(options: SecretKeyPoolOptions) {
    this.options = options;
  }

  /** The pool a store loaded (without calling `changed`: it is what is kept already). */
  restore(keys: KeyPool): void {
    this.keys = keys;
  }

  status(): KeyPoolStatus {
    if (this.keys.size === 0) return { keys: [], storage: 'none' };
    const { storage, warning } = this.options.keeping();
    return { keys: this.keys.views(), storage, ...(warning !== undefined && { warning }) };
  }

  /** The pool's keys for the next run start; empty when there is no pool. */
  entries(): readonly KeyEntry[] {
    return this.keys.entries();
  }

  /** Throws AppError 'key_pool' for a key already there, or a full pool. */
  add(entry: Omit<KeyEntry, 'label'> & { readonly label?: string }): KeyPoolStatus {
    this.keys.add(entry);
    this.options.changed?.(this.keys);
    return this.status();
  }

  /** Throws AppError 'key_pool' for an id not in the pool. */
  remove(id: string): KeyPoolStatus {
    this.keys.remove(id);
    this.options.changed?.(this.keys);
    return this.status();
  }
}
