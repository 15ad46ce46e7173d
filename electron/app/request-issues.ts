import type { z } from 'zod';

/**
 * Turns a request's validation issues into one message a person can act on: which field, and what
 * is wrong with it ("inputs[3].topic: A topic must not be empty", "runId: missing, expected a
 * string"). The contract's schemas carry their own wording for the common mistakes; this fills in
 * zod's generic ones ("Invalid input: expected string, received undefined").
 *
 * Values are quoted only for closed choices (an unknown format name): a free-text field may hold
 * something secret, such as a key pasted into the wrong box.
 */
export const requestErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `missing, expected ${noun(issue.expected)}` : `must be ${noun(issue.expected)}, not ${kindOf(issue.input)}`;
    case 'invalid_value':
      return `must be ${choices(issue.values)}${quotable(issue.input) ? `, not ${JSON.stringify(issue.input)}` : ''}`;
    case 'invalid_union':
      if (issue.discriminator !== undefined && Array.isArray(issue.options)) return `must be ${choices(issue.options)}`;
      return unionMessage(issue.errors);
    case 'too_small':
      return rangeMessage(issue.origin, 'at least', issue.minimum, issue.inclusive);
    case 'too_big':
      return rangeMessage(issue.origin, 'at most', issue.maximum, issue.inclusive);
    case 'invalid_format':
      return issue.format === 'url' ? 'must be a URL such as https://api.openai.com/v1' : `must be a valid ${issue.format}`;
    default:
      return undefined; // zod's own wording
  }
};

/** Up to three issues, each prefixed with the field it is about. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${fieldName(issue.path)}: ${issue.message}`);
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
  return `${shown.join('; ')}${more}.`;
}

/** `["inputs", 3, "topic"]` → `inputs[3].topic`; the request itself → `request`. */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'request';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

const NOUNS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  null: 'null',
};

function noun(expected: string): string {
  return NOUNS[expected] ?? expected;
}

function kindOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'object' ? 'an object' : noun(typeof input);
}

function quotable(input: unknown): input is string | number {
  return (typeof input === 'string' && input.length <= 40) || typeof input === 'number';
}

function choices(values: readonly unknown[]): string {
  const quoted = values.map((value) => JSON.stringify(value));
  return quoted.length === 1 ? quoted[0]! : `one of ${quoted.join(', ')}`;
}

/** `"auto"` or a number: what each branch of the union wanted. */
function unionMessage(branches: readonly (readonly z.core.$ZodIssue[])[]): string {
  const wanted = branches.flatMap((issues) => {
    const first = issues[0];
    if (first?.code === 'invalid_value') return first.values.map((value) => JSON.stringify(value));
    if (first?.code === 'invalid_type') return [noun(first.expected)];
    return [];
  });
  return wanted.length > 0 ? `must be ${wanted.join(' or ')}` : 'is not valid';
}

function rangeMessage(origin: string, bound: 'at least' | 'at most', limit: number | bigint, inclusive = true): string {
  switch (origin) {
    case 'string':
      return bound === 'at least' && Number(limit) === 1 ? 'must not be empty' : `must be ${bound} ${limit} characters`;
    case 'array':
      return `must have ${bound} ${limit} item${Number(limit) === 1 ? '' : 's'}`;
    default:
      return `must be ${inclusive ? bound : bound === 'at least' ? 'greater than' : 'less than'} ${limit}`;
  }
}
