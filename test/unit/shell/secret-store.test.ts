import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Importing the real 'electron' package in plain Node would try to download its binary.
const safeStorage = vi.hoisted(() => ({
  getSelectedStorageBackend: vi.fn((): string => 'gnome_libsecret'),
  isAsyncEncryptionAvailable: vi.fn(async () => true),
  // A reversible stand-in for the OS keychain: recognisably not the plain text.
  encryptStringAsync: vi.fn(async (plain: string) => Buffer.from(`v10:${Buffer.from(plain).toString('base64')}`)),
  decryptStringAsync: vi.fn(async (data: Buffer) => {
    const text = data.toString();
    if (!text.startsWith('v10:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return { result: Buffer.from(text.slice(4), 'base64').toString(), shouldReEncrypt: false };
  }),
}));
vi.mock('electron', () => ({ safeStorage }));

const { KEY_FILE_NAME, POOL_FILE_NAME, SafeStorageSecretStore } = await import('../../../electron/main/secret-store.ts');

const KEY = 'sk-test-0123456789abcdefSECRET';
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-secrets-'));
  vi.clearAllMocks();
  safeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret');
  safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(true);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const open = (options: { env?: Record<string, string>; platform?: NodeJS.Platform; dir?: string } = {}) =>
  SafeStorageSecretStore.open({ dir: options.dir ?? dir, env: options.env ?? {}, platform: options.platform ?? 'linux' });
const keyFile = () => path.join(dir, KEY_FILE_NAME);

describe('SafeStorageSecretStore with a keyring', () => {
  it('encrypts the key to api-key.bin and reads it back in the next session', async () => {
    const store = await open();
    expect(store.set(KEY)).toEqual({ set: true, storage: 'encrypted' });
    await store.flush();
    const onDisk = fs.readFileSync(keyFile());
    expect(onDisk.toString()).not.toContain(KEY);
    expect(fs.statSync(keyFile()).mode & 0o077).toBe(0);

    const next = await open();
    expect(next.get()).toBe(KEY);
    expect(next.status()).toEqual({ set: true, storage: 'encrypted' });
  });

  it('keeps the key pool encrypted in key-pool.bin, reads it back, and leaves no file once it is empty', async () => {
    const store = await open();
    store.keyPool.add({ key: KEY, label: 'team' });
    expect(store.keyPool.add({ key: `${KEY}2` })).toMatchObject({ storage: 'encrypted', keys: [{ label: 'team' }, { label: 'key2' }] });
    await store.flush();
    expect(fs.readFileSync(path.join(dir, POOL_FILE_NAME)).toString()).not.toContain(KEY);

    const next = await open();
    expect(next.keyPool.entries()).toEqual([{ key: KEY, label: 'team' }, { key: `${KEY}2`, label: 'key2' }]);
    for (const { id } of next.keyPool.status().keys) next.keyPool.remove(id);
    await next.flush();
    expect(fs.existsSync(path.join(dir, POOL_FILE_NAME))).toBe(false);
  });

  it('clear deletes the file and falls back to OPENAI_API_KEY', async () => {
    const store = await open({ env: { OPENAI_API_KEY: ' sk-from-env ' } });
    expect(store.status()).toEqual({ set: true, storage: 'environment' });
    store.set(KEY);
    expect(store.get()).toBe(KEY);
    expect(store.clear()).toEqual({ set: true, storage: 'environment' });
    await store.flush();
    expect(fs.existsSync(keyFile())).toBe(false);
    expect(store.get()).toBe('sk-from-env');
  });

  it('a set followed at once by a clear leaves no key on disk', async () => {
    const store = await open();
    store.set(KEY);
    store.clear();
    await store.flush();
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(store.status()).toEqual({ set: false, storage: 'none' });
  });

  it('says so when the saved key cannot be decrypted, and keeps the file', async () => {
    fs.writeFileSync(keyFile(), 'garbage from another keyring');
    const store = await open();
    expect(store.get()).toBeUndefined();
    expect(store.status()).toMatchObject({ set: false, storage: 'none', warning: expect.stringMatching(/could not be decrypted/) });
    expect(fs.existsSync(keyFile())).toBe(true);
  });

  it('keeps the key for the session and warns when it cannot be written', async () => {
    const notADir = path.join(dir, 'file');
    fs.writeFileSync(notADir, '');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const store = await open({ dir: notADir });
    store.set(KEY);
    await store.flush();
    expect(store.get()).toBe(KEY);
    expect(store.status()).toMatchObject({ set: true, storage: 'memory', warning: expect.stringMatching(/could not be saved \(ENOTDIR\)/) });
    expect(errors.mock.calls.flat().join(' ')).not.toContain(KEY);
    errors.mockRestore();
  });
});

describe('SafeStorageSecretStore without a keyring (Linux basic_text)', () => {
  beforeEach(() => safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text'));

  it('keeps the key in memory only, writes nothing, and says why', async () => {
    const store = await open();
    expect(store.status()).toMatchObject({ set: false, storage: 'none', warning: expect.stringMatching(/No keyring/) });
    const status = store.set(KEY);
    expect(status).toMatchObject({ set: true, storage: 'memory', warning: expect.stringMatching(/No keyring.*memory only/) });
    await store.flush();
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(store.get()).toBe(KEY);
  });

  it('does not read a file left by an earlier session', async () => {
    fs.writeFileSync(keyFile(), `v10:${Buffer.from(KEY).toString('base64')}`);
    const store = await open();
    expect(store.get()).toBeUndefined();
    expect(safeStorage.decryptStringAsync).not.toHaveBeenCalled();
  });

  it('is a Linux rule: macOS and Windows have a keychain whatever the Linux backend says', async () => {
    const store = await open({ platform: 'darwin' });
    expect(store.set(KEY)).toEqual({ set: true, storage: 'encrypted' });
    await store.flush();
    expect(fs.existsSync(keyFile())).toBe(true);
    expect(safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });
});

describe('SafeStorageSecretStore when the OS keychain is unavailable', () => {
  it('keeps the key in memory only', async () => {
    safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(false);
    const store = await open({ platform: 'win32' });
    expect(store.set(KEY)).toMatchObject({ set: true, storage: 'memory', warning: expect.stringMatching(/keychain is not available/) });
    await store.flush();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('the key never leaves through status()', () => {
  it.each(['gnome_libsecret', 'basic_text'])('with the %s backend, in every state', async (backend) => {
    safeStorage.getSelectedStorageBackend.mockReturnValue(backend);
    const store = await open({ env: { OPENAI_API_KEY: `${KEY}-env` } });
    const seen = [store.status(), store.set(KEY), store.status(), store.clear(), store.status()];
    await store.flush();
    seen.push((await open({ env: { OPENAI_API_KEY: `${KEY}-env` } })).status());
    for (const status of seen) expect(JSON.stringify(status)).not.toContain(KEY);
  });
});
