import type { KeyStatus } from '../../shared/ipc/contract.ts';
import { SecretKeyPool } from './secret-key-pool.ts';
import type { SecretStore } from './secret-store.ts';

const POOL_FORGOTTEN_ON_STOP = 'The key pool is kept only in memory and is forgotten when the Pacer web host stops.';

const FORGOTTEN_ON_STOP =
  'The key is kept only in memory and is forgotten when the Pacer web host stops. To keep using it, start the web host with OPENAI_API_KEY set.';

/**
 * The key for the web host and tests: set through the UI it lives in this object only; otherwise
 * OPENAI_API_KEY from the environment given at construction is used. A key set in the UI wins over
 * the environment's, and clearing it falls back to the environment's again.
 */
export class MemorySecretStore implements SecretStore {
  private key: string | undefined;
  private readonly envKey: string | undefined;
  readonly keyPool = new SecretKeyPool({ keeping: () => ({ storage: 'memory', warning: POOL_FORGOTTEN_ON_STOP }) });

  constructor(env: Readonly<Record<string, string | undefined>> = {}) {
    this.envKey = env.OPENAI_API_KEY?.trim() || undefined;
  }

  status(): KeyStatus {
    if (this.key !== undefined) return { set: true, storage: 'memory', warning: FORGOTTEN_ON_STOP };
    if (this.envKey !== undefined) return { set: true, storage: 'environment' };
    return { set: false, storage: 'none' };
  }

  get(): string | undefined {
    return this.key ?? this.envKey;
  }

  set(apiKey: string): KeyStatus {
    this.key = apiKey.trim();
    return this.status();
  }

  clear(): KeyStatus {
    this.key = undefined;
    return this.status();
  }
}
