/**
 * The last line of defence for the API key: everything the app sends out (answers, events, log
 * lines) passes through here. Pacer never puts the key in a message itself, but a provider may
 * echo it in an error text (a self-hosted server quoting the Authorization header), and that text
 * is stored and shown. Every key used in this session is removed, the current one and any replaced
 * since (old errors still quote it). Copy-on-write: objects without the key are returned as they are.
 */
export const REDACTED = '[API key removed]';

/** Shorter "keys" would match ordinary text; key.set refuses them anyway. */
const MIN_SECRET_LENGTH = 8;

export function redactSecrets<T>(value: T, secrets: Iterable<string>): T {
  const words = [...secrets].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  return words.length === 0 ? value : (redact(value, words) as T);
}

function redact(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return secrets.reduce((text, secret) => (text.includes(secret) ? text.replaceAll(secret, REDACTED) : text), value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = redact(value[i], secrets);
      if (item !== value[i]) (copy ??= [...value])[i] = item;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const redacted = redact(item, secrets);
    if (redacted !== item) (copy ??= { ...value })[key] = redacted;
  }
  return copy ?? value;
}
