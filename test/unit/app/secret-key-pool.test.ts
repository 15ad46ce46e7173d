import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/app/app-error.ts';
import { KeyPool } from '../../../electron/app/key-pool.ts';
import { MemorySecretStore } from '../../../electron/app/memory-secret-store.ts';
import { SecretKeyPool } from '../../../electron/app/secret-key-pool.ts';
import type { PoolKeeping } from '../../../electron/app/secret-key-pool.ts';

const KEY_A = 'sk-proj-aaaaaaaaaaaaaaaaaaaaaaaa1111';
const KEY_B = 'sk-proj-bbbbbbbbbbbbbbbbbbbbbbbb2222';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return undefined;
}

/** The pool as the Electron store uses it: every change handed over to be kept, the keeping asked each time. */
function keptPool() {
  const saved: string[] = [];
  let keeping: PoolKeeping = { storage: 'encrypted' };
  const pool = new SecretKeyPool({ keeping: () => keeping, changed: (keys) => saved.push(keys.serialize()) });
  return { pool, saved, keepInMemory: (warning: string) => (keeping = { storage: 'memory', warning }) };
}

describe('SecretKeyPool (the pool of both secret stores)', () => {
  it('adds and removes keys, hands each change to be kept, and its statuses never carry a key', () => {
    const { pool, saved } = keptPool();
    expect(pool.status()).toEqual({ keys: [], storage: 'none' });
    pool.add({ key: KEY_A, label: 'team-a', rpm: 500 });
    const status = pool.add({ key: KEY_B });
    expect(status).toEqual({
      storage: 'encrypted',
      keys: [
        { id: expect.any(String), label: 'team-a', lastFour: '1111', rpm: 500, tpm: null },
        { id: expect.any(String), label: 'key2', lastFour: '2222', rpm: null, tpm: null },
      ],
    });
    expect(JSON.stringify(status)).not.toContain(KEY_A.slice(0, -4));
    expect(pool.entries()).toEqual([{ key: KEY_A, label: 'team-a', rpm: 500 }, { key: KEY_B, label: 'key2' }]);
    expect(saved).toHaveLength(2);
    expect(KeyPool.parse(saved[1]!).entries()).toEqual(pool.entries());

    expect(pool.remove(status.keys[0]!.id).keys.map((k) => k.label)).toEqual(['key2']);
    expect(pool.remove(status.keys[1]!.id)).toEqual({ keys: [], storage: 'none' });
    expect(saved.at(-1)).toBe('[]'); // the Electron store deletes its file for an empty pool
  });

  it('refuses a key twice and an unknown id, keeping nothing of the refused change', () => {
    const { pool, saved } = keptPool();
    pool.add({ key: KEY_A });
    expect(codeOf(() => pool.add({ key: KEY_A, label: 'again' }))).toBe('key_pool');
    expect(codeOf(() => pool.remove('no-such-id'))).toBe('key_pool');
    expect(pool.entries()).toHaveLength(1);
    expect(saved).toHaveLength(1);
  });

  it('says where a pool is kept as the store says it now, and a restored pool is not saved again', () => {
    const { pool, saved, keepInMemory } = keptPool();
    const loaded = KeyPool.empty();
    loaded.add({ key: KEY_A, label: 'saved' });
    pool.restore(loaded);
    expect(saved).toEqual([]);
    expect(pool.status()).toMatchObject({ storage: 'encrypted', keys: [{ label: 'saved' }] });
    keepInMemory('The key pool could not be saved (EACCES): it is kept in memory until Pacer quits.');
    expect(pool.status()).toMatchObject({ storage: 'memory', warning: expect.stringContaining('EACCES') });
  });

  it('is the plain Node store’s pool, kept in memory with a warning', () => {
    const store = new MemorySecretStore({});
    expect(store.keyPool.add({ key: KEY_A })).toMatchObject({ storage: 'memory', warning: expect.stringContaining('forgotten when the Pacer web host stops') });
    expect(store.keyPool.entries()).toEqual([{ key: KEY_A, label: 'key1' }]);
  });
});
