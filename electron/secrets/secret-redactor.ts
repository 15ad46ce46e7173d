/**
 * The one place that knows the API keys and removes them from text. Pacer never puts a key in a
 * message itself, but a provider may echo it in an error (a self-hosted server quoting the
 * Authorization header; OpenAI's "Incorrect API key provided: sk-proj-****abcd"), and that text is
 * stored, printed, exported and sent to the window. Every boundary where text leaves the engine
 * (the store's writes, the CLI's output, the exports, the app's answers, events and logs) passes
 * it through here.
 *
 * It matches a key whole, masked as providers echo it (a prefix of the key, a run of `*`, `•`,
 * `.`, `…` or `x`, then the key's last characters: "sk-proj-****abcd", "sk-...abcd"), and any
 * fragment of 12 or more of its characters (an echo cut short: "sk-proj-AbCdEf0123…"). A masked
 * form that shows only a key's first 6+ characters ("sk-proj-****") is removed too, even when it
 * was another key's: one harmless over-redaction rather than a leak. Keys are remembered, never
 * forgotten: an old error still quotes a key replaced since.
 */
export const REDACTED = '[API key removed]';

/** Shorter "keys" would match ordinary text; key.set refuses them anyway. */
const MIN_SECRET_LENGTH = 8;
/** A shorter run of a key's characters is not worth hiding (and could be ordinary text). */
const MIN_FRAGMENT_LENGTH = 12;
/** Masked forms must show at least this much of the key's start or end to be recognised. */
const MIN_SHOWN_TAIL = 4;
const MIN_SHOWN_HEAD = 6;

/** Characters keys are made of (OpenAI, Anthropic, OpenRouter, Groq…): a run of them is one "word" of a key. */
const KEY_RUN = /[A-Za-z0-9_-]+/g;
const KEY_CHAR = /[A-Za-z0-9_-]/;
/** How providers hide the middle of a key. */
const MASK = /\*{2,}|[•●]{2,}|\.{3,}|…+|[xX]{4,}/g;
/** Longer than any key: the runs around a mask are looked at this far, so a huge blob costs linear time. */
const MAX_KEY_LENGTH = 256;

export class SecretRedactor {
  private readonly keys = new Set<string>();

  /** Adds a key (trimmed); undefined, blank and too-short values are ignored. */
  remember(key: string | undefined): void {
    const trimmed = key?.trim();
    if (trimmed && trimmed.length >= MIN_SECRET_LENGTH) this.keys.add(trimmed);
  }

  get size(): number {
    return this.keys.size;
  }

  /** The value with every key removed from its strings; copy-on-write, so what holds no key is returned as is. */
  redact<T>(value: T): T {
    return this.keys.size === 0 ? value : (this.redactValue(value) as T);
  }

  redactText(text: string): string {
    let result = text;
    for (const key of this.keys) if (result.includes(key)) result = result.replaceAll(key, REDACTED);
    result = this.redactMasked(result);
    return result.replace(KEY_RUN, (run) => (run.length >= MIN_FRAGMENT_LENGTH && this.isFragment(run) ? REDACTED : run));
  }

  /** Each mask run with the key characters either side of it ("sk-proj-" + "****" + "abcd") is one masked key, if they fit one. */
  private redactMasked(text: string): string {
    let out = '';
    let copied = 0;
    for (const match of text.matchAll(MASK)) {
      const maskStart = match.index;
      const maskEnd = maskStart + match[0].length;
      if (maskStart < copied) continue; // inside a token already replaced
      let start = maskStart;
      while (start > copied && maskStart - start <= MAX_KEY_LENGTH && KEY_CHAR.test(text[start - 1]!)) start--;
      let end = maskEnd;
      while (end < text.length && end - maskEnd <= MAX_KEY_LENGTH && KEY_CHAR.test(text[end]!)) end++;
      if (!this.isMasked(text.slice(start, maskStart), text.slice(maskEnd, end))) continue;
      out += text.slice(copied, start) + REDACTED;
      copied = end;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  private isMasked(head: string, tail: string): boolean {
    for (const key of this.keys) {
      if (tail.length >= MIN_SHOWN_TAIL && key.endsWith(tail)) return true;
      if (head.length >= MIN_SHOWN_HEAD && key.startsWith(head)) return true;
    }
    return false;
  }

  private isFragment(run: string): boolean {
    for (const key of this.keys) if (key.includes(run)) return true;
    return false;
  }

  private redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item = this.redactValue(value[i]);
        if (item !== value[i]) (copy ??= [...value])[i] = item;
      }
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [name, item] of Object.entries(value)) {
      const redacted = this.redactValue(item);
      if (redacted !== item) (copy ??= { ...value })[name] = redacted;
    }
    return copy ?? value;
  }
}

/**
 * Every key this process has seen: the environment's OPENAI_API_KEY, the secret store's, and every
 * key a run was started with (ProviderPool). The boundaries use it unless a test gives its own.
 */
export const knownSecrets = new SecretRedactor();
knownSecrets.remember(process.env.OPENAI_API_KEY);
