import type { z } from 'zod';
import type { GateSettings } from './gate-settings.ts';
import { GateSettingsSchema } from './gate-settings.ts';

/**
 * Gate settings from the text of a JSON file (`--gates FILE`), or why they cannot be read: the
 * file, the field and the value, and what would be right.
 */
export type GateSettingsErrorCode = 'not_found' | 'unreadable' | 'too_large' | 'encoding' | 'invalid_json' | 'invalid_settings';

export class GateSettingsError extends Error {
  readonly code: GateSettingsErrorCode;

  constructor(code: GateSettingsErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'GateSettingsError';
    this.code = code;
  }
}

/** At most this many problems are listed; fixing them usually shows whether more remain. */
const MAX_LISTED = 5;

export function parseGateSettings(text: string, source: string): GateSettings {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new GateSettingsError('invalid_json', `${source} is not valid JSON (${detail}). Write the gates as one JSON object, such as {"words": {"min": 600}}.`, { cause: error });
  }
  return validateGateSettings(json, source);
}

/** Checks already-parsed settings (from the app, or a file). */
export function validateGateSettings(value: unknown, source: string): GateSettings {
  const parsed = GateSettingsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new GateSettingsError('invalid_settings', `${source}: ${describeIssues(parsed.error.issues)}`);
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  // Messages name their field; an item of a list also needs its position.
  const listed = issues.slice(0, MAX_LISTED).map((issue) => (issue.path.some((key) => typeof key === 'number') ? `${fieldName(issue.path)}: ${issue.message}` : issue.message));
  const more = issues.length > listed.length ? ` (and ${issues.length - listed.length} more)` : '';
  return `${listed.join('; ')}${more}.`;
}

/** `["phrases", "list", 3]` → `phrases.list[3]`. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}
