/**
 * A pool of API keys as the user writes it (`--keys FILE`): one key per line, then optionally a
 * label and the key's own limits, as `rpm=N` / `tpm=N` or as the next two numbers. Blank lines and
 * lines starting with # are ignored. Errors name the line, never the key.
 *
 *   sk-proj-aaaa…   marketing   rpm=500 tpm=200000
 *   sk-proj-bbbb…   backup      60 40000
 *   sk-proj-cccc…
 */
export interface KeyEntry {
  readonly key: string;
  readonly label: string;
  readonly rpm?: number;
  readonly tpm?: number;
}

export class KeysFileError extends Error {
  readonly code = 'bad_keys_file';

  constructor(message: string) {
    super(message);
    this.name = 'KeysFileError';
  }
}

export function parseKeys(text: string, source: string): KeyEntry[] {
  const entries: KeyEntry[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `${source}, line ${index + 1}`;
    const [key = '', ...rest] = line.split(/\s+/);
    if (seen.has(key)) throw new KeysFileError(`${where}: the same key is listed twice; each key should appear once.`);
    seen.add(key);
    entries.push({ key, ...extras(rest, where, entries.length + 1) });
  }
  if (entries.length === 0) throw new KeysFileError(`${source} lists no keys: write one API key per line.`);
  return entries;
}

/**
 * The label and the key's last four characters, the only part of it a label may show. Not as
 * "…1111": that is how providers mask a key they echo, and the secret redactor removes it from
 * everything that leaves the engine (the window, the CLI's output), label and all.
 */
export function keyLabel(entry: KeyEntry): string {
  return `${entry.label} (ends ${entry.key.slice(-4)})`;
}

function extras(words: readonly string[], where: string, position: number): Omit<KeyEntry, 'key'> {
  let label: string | undefined;
  const limits: { rpm?: number; tpm?: number } = {};
  const positional: number[] = [];
  for (const word of words) {
    const named = /^(rpm|tpm)=(.*)$/i.exec(word);
    if (named) {
      limits[named[1]!.toLowerCase() as 'rpm' | 'tpm'] = limit(named[2]!, `${named[1]!.toLowerCase()}=`, where);
    } else if (/^\d/.test(word)) {
      positional.push(limit(word, positional.length === 0 ? 'the RPM' : 'the TPM', where));
    } else if (label === undefined) {
      label = word;
    } else {
      throw new KeysFileError(`${where}: expected a key, then a label, then rpm=N and tpm=N; ${JSON.stringify(word)} is one word too many.`);
    }
  }
  if (positional.length > 2) throw new KeysFileError(`${where}: at most two numbers (RPM, then TPM) may follow a key, got ${positional.length}.`);
  if (positional[0] !== undefined) limits.rpm ??= positional[0];
  if (positional[1] !== undefined) limits.tpm ??= positional[1];
  return { label: label ?? `key ${position}`, ...limits };
}

function limit(raw: string, what: string, where: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new KeysFileError(`${where}: ${what} must be a whole number above 0, got ${JSON.stringify(raw)}.`);
  return value;
}
