import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { KeyStatus } from '../../shared/ipc/contract.ts';
import { KeyPool } from '../app/key-pool.ts';
import { SecretKeyPool } from '../app/secret-key-pool.ts';
import type { SecretStore } from '../app/secret-store.ts';

export const KEY_FILE_NAME = 'api-key.bin';
/** The key pool, encrypted the same way as the one key. */
export const POOL_FILE_NAME = 'key-pool.bin';

export interface SafeStorageSecretStoreOptions {
  /** The app's data folder; the encrypted key is `<dir>/api-key.bin`. */
  readonly dir: string;
  /** Where OPENAI_API_KEY is read from when no key was entered. */
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
}

/**
 * The API key, in main only: encrypted with the OS keychain (safeStorage) into api-key.bin, or, on
 * a Linux desktop without a keyring, where safeStorage would fall back to a hard-coded password
 * ('basic_text'), kept in memory only and flagged, because "encrypted" with a published password
 * is plain text. Without an entered key, OPENAI_API_KEY is used. The key never appears in a status,
 * a log line or an error message.
 *
 * safeStorage's synchronous pair is deprecated in Electron 45, so the file is decrypted once at
 * open and written in the background; writes are chained in order (a quick set-then-clear cannot
 * leave the old key behind) and `flush()` waits for them at quit.
 */
export class SafeStorageSecretStore implements SecretStore {
  private readonly file: string;
  private readonly poolFile: string;
  readonly keyPool = new SecretKeyPool({
    keeping: () => {
      const warning = this.poolProblem ?? this.memoryOnly;
      return warning === undefined ? { storage: 'encrypted' } : { storage: 'memory', warning };
    },
    changed: (pool) => this.savePool(pool),
  });
  /** What went wrong with key-pool.bin: unreadable, undecryptable, not writable or not deletable. */
  private poolProblem: string | undefined;
  private readonly env: NodeJS.ProcessEnv;
  /** Why a key entered now would live in memory only; undefined when the keychain can keep it. */
  private memoryOnly: string | undefined;
  private key: string | undefined;
  /** What went wrong with api-key.bin: unreadable, undecryptable, or not deletable. */
  private savedKeyProblem: string | undefined;
  private writes: Promise<void> = Promise.resolve();

  private constructor(options: SafeStorageSecretStoreOptions, memoryOnly: string | undefined) {
    this.file = path.join(options.dir, KEY_FILE_NAME);
    this.poolFile = path.join(options.dir, POOL_FILE_NAME);
    this.env = options.env ?? process.env;
    this.memoryOnly = memoryOnly;
  }

  /** Call after the app's `ready` event: safeStorage cannot tell before. */
  static async open(options: SafeStorageSecretStoreOptions): Promise<SafeStorageSecretStore> {
    const store = new SafeStorageSecretStore(options, await noKeychainReason(options.platform ?? process.platform));
    if (store.memoryOnly === undefined) {
      await store.load();
      await store.loadPool();
    }
    return store;
  }

  status(): KeyStatus {
    if (this.key !== undefined) {
      return this.memoryOnly === undefined ? { set: true, storage: 'encrypted' } : { set: true, storage: 'memory', warning: this.memoryOnly };
    }
    if (this.environmentKey() !== undefined) return { set: true, storage: 'environment', ...(this.savedKeyProblem ? { warning: this.savedKeyProblem } : {}) };
    const warning = this.savedKeyProblem ?? this.memoryOnly;
    return { set: false, storage: 'none', ...(warning ? { warning } : {}) };
  }

  get(): string | undefined {
    return this.key ?? this.environmentKey();
  }

  set(apiKey: string): KeyStatus {
    this.key = apiKey;
    this.savedKeyProblem = undefined;
    if (this.memoryOnly === undefined) this.enqueue(() => this.save(apiKey), this.saveFailed);
    return this.status();
  }

  clear(): KeyStatus {
    this.key = undefined;
    this.savedKeyProblem = undefined;
    // Also when memory-only: a file saved back when a keyring was there must not outlive a clear.
    this.enqueue(
      () => rm(this.file, { force: true }),
      (reason) => (this.savedKeyProblem = `The saved API key could not be deleted (${reason}): delete ${this.file} yourself.`),
    );
    return this.status();
  }

  /** Resolves when every pending write has reached the disk (or failed and been reported). */
  flush(): Promise<void> {
    return this.writes;
  }

  private environmentKey(): string | undefined {
    return this.env.OPENAI_API_KEY?.trim() || undefined;
  }

  private async load(): Promise<void> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(this.file);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      this.savedKeyProblem = `The saved API key could not be read (${errorCode(error) ?? 'I/O error'} on ${this.file}). Enter it again.`;
      return;
    }
    try {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted);
      this.key = result;
      if (shouldReEncrypt) this.enqueue(() => this.save(result), this.saveFailed);
    } catch {
      this.savedKeyProblem = 'The saved API key could not be decrypted: the OS keychain entry may have changed or been reset. Enter the key again.';
    }
  }

  private async save(apiKey: string, file = this.file): Promise<void> {
    const encrypted = await safeStorage.encryptStringAsync(apiKey);
    // Write then rename: a crash mid-write leaves the previous key, never half a file.
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, encrypted, { mode: 0o600 });
    await rename(temp, file);
  }

  private async loadPool(): Promise<void> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(this.poolFile);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') this.poolProblem = `The saved key pool could not be read (${errorCode(error) ?? 'I/O error'} on ${this.poolFile}). Add the keys again.`;
      return;
    }
    try {
      const { result } = await safeStorage.decryptStringAsync(encrypted);
      this.keyPool.restore(KeyPool.parse(result));
    } catch {
      this.poolProblem = 'The saved key pool could not be decrypted or read: the OS keychain entry may have changed. Add the keys again.';
    }
  }

  /** An empty pool leaves no file, also when memory-only (a file saved back when a keyring was there must not outlive it). */
  private savePool(pool: KeyPool): void {
    this.poolProblem = undefined;
    if (pool.size === 0) {
      this.enqueue(
        () => rm(this.poolFile, { force: true }),
        (reason) => (this.poolProblem = `The saved key pool could not be deleted (${reason}): delete ${this.poolFile} yourself.`),
      );
      return;
    }
    if (this.memoryOnly !== undefined) return;
    const text = pool.serialize();
    this.enqueue(
      () => this.save(text, this.poolFile),
      (reason) => (this.poolProblem = `The key pool could not be saved (${reason}): it is kept in memory until Pacer quits.`),
    );
  }

  /** The key stays usable for this session; status() now says it will not survive a restart. */
  private readonly saveFailed = (reason: string): void => {
    this.memoryOnly = `The API key could not be saved (${reason}): it is kept in memory until Pacer quits.`;
  };

  private enqueue(write: () => Promise<unknown>, onFailure: (reason: string) => void): void {
    this.writes = this.writes.then(write).then(
      () => undefined,
      (error: unknown) => {
        // Only the error code is reported: an encryption error's message could echo its input.
        const reason = errorCode(error) ?? 'encryption failed';
        onFailure(reason);
        console.error(`Pacer: updating ${this.file} failed: ${reason}`);
      },
    );
  }
}

/** Why the OS cannot keep the key safely, or undefined when it can. */
async function noKeychainReason(platform: NodeJS.Platform): Promise<string | undefined> {
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'No keyring (GNOME Keyring, KWallet) was found on this desktop, so the API key cannot be stored encrypted: it is kept in memory only and must be entered again after Pacer restarts. Alternatively, set OPENAI_API_KEY.';
  }
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    return 'The OS keychain is not available, so the API key cannot be stored encrypted: it is kept in memory only until Pacer quits. Alternatively, set OPENAI_API_KEY.';
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
