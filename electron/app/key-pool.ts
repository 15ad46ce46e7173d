import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PoolKeyView } from '../../shared/ipc/contract.ts';
import type { KeyEntry } from '../../shared/keys/parse-keys.ts';
import { AppError } from './app-error.ts';

/**
 * The app's pool of API keys, in main only: what the secret stores keep (encrypted, or in memory)
 * and hand to the next run start. Views carry a label and the last four characters, never a key.
 */
export const MAX_POOL_KEYS = 50;

const PooledKeySchema = z.object({ id: z.string().min(1), key: z.string().min(1), label: z.string().min(1), rpm: z.number().positive().optional(), tpm: z.number().positive().optional() });
const PoolFileSchema = z.array(PooledKeySchema).max(MAX_POOL_KEYS);
type PooledKey = z.infer<typeof PooledKeySchema>;

export class KeyPool {
  private keys: PooledKey[];

  private constructor(keys: PooledKey[]) {
    this.keys = keys;
  }

  static empty(): KeyPool {
    return new KeyPool([]);
  }

  /** From what `serialize` wrote; throws on anything else (the store reports it and starts empty). */
  static parse(text: string): KeyPool {
    return new KeyPool(PoolFileSchema.parse(JSON.parse(text)));
  }

  serialize(): string {
    return JSON.stringify(this.keys);
  }

  get size(): number {
    return this.keys.length;
  }

  add(entry: Omit<KeyEntry, 'label'> & { readonly label?: string }): void {
    if (this.keys.some((k) => k.key === entry.key)) throw new AppError('key_pool', `The key ending in ${entry.key.slice(-4)} is already in the pool.`);
    if (this.keys.length >= MAX_POOL_KEYS) throw new AppError('key_pool', `The pool holds at most ${MAX_POOL_KEYS} keys: remove one first.`);
    const label = entry.label ?? `key${this.keys.length + 1}`;
    this.keys = [...this.keys, { id: randomUUID(), key: entry.key, label, ...(entry.rpm !== undefined && { rpm: entry.rpm }), ...(entry.tpm !== undefined && { tpm: entry.tpm }) }];
  }

  remove(id: string): void {
    if (!this.keys.some((k) => k.id === id)) throw new AppError('key_pool', 'That key is not in the pool (any more): reload the list.');
    this.keys = this.keys.filter((k) => k.id !== id);
  }

  /** For the next run start: the keys themselves. */
  entries(): KeyEntry[] {
    return this.keys.map(({ key, label, rpm, tpm }) => ({ key, label, ...(rpm !== undefined && { rpm }), ...(tpm !== undefined && { tpm }) }));
  }

  views(): PoolKeyView[] {
    return this.keys.map(({ id, key, label, rpm, tpm }) => ({ id, label, lastFour: key.slice(-4), rpm: rpm ?? null, tpm: tpm ?? null }));
  }
}
