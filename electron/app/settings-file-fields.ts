import type { z } from 'zod';

export interface KeptFields<T> {
  readonly value: T;
  /** Each field dropped, as `path (why)`, e.g. `settings.maxTokens (Max tokens must be greater than 0)`. */
  readonly dropped: readonly string[];
}

/**
 * Parses `json` with `schema`, dropping each field that does not validate (its default applies)
 * instead of the whole file: one hand-edited typo must not throw away every other setting. A field
 * is a top-level key, or a key of `nested` (the run settings); anything deeper goes with its field.
 * Undefined when nothing can be kept: not an object, or an error no dropped field removes.
 */
export function keepValidFields<T>(schema: z.ZodType<T>, json: unknown, nested: string): KeptFields<T> | undefined {
  if (!isRecord(json)) return undefined;
  const candidate = structuredClone(json);
  const dropped: string[] = [];
  for (;;) {
    const parsed = schema.safeParse(candidate);
    if (parsed.success) return { value: parsed.data, dropped };
    const issue = parsed.error.issues[0]!;
    const field = issue.path.slice(0, issue.path[0] === nested ? 2 : 1).map(String);
    if (!removeField(candidate, field)) return undefined;
    dropped.push(`${field.join('.')} (${issue.message})`);
  }
}

function removeField(record: Record<string, unknown>, field: readonly string[]): boolean {
  const [key, ...rest] = field;
  if (key === undefined || !Object.hasOwn(record, key)) return false;
  if (rest.length === 0) return delete record[key];
  const inner = record[key];
  return isRecord(inner) && removeField(inner, rest);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
