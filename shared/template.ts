import { assertNever } from './assert-never.ts';
import { matchName, quoteList } from './match-name.ts';

/**
 * Prompt templates: `{{topic}}` and `{{any column}}`. The renderer's live preview and the engine
 * both use this module, so what the user previews is exactly what is sent.
 *
 * Syntax: `{{` name `}}`, spaces inside the braces ignored (`{{ Target keyword }}`); a name may
 * contain spaces (CSV headers do) but no braces or line breaks. A `{{` always opens a variable;
 * a lone `}}` is plain text. Names match the input's columns by `matchName` (exact after trim,
 * else a unique case-insensitive match). `topic` is always available. Values are inserted once:
 * a value that itself contains `{{x}}` is not expanded again.
 */
export type TemplateErrorCode =
  | 'unclosed_variable' // `{{` with no `}}` on the same line
  | 'empty_variable' // `{{ }}`
  | 'invalid_variable' // a brace inside the name, e.g. `{{{topic}}}`
  | 'unknown_variable' // no column of that name
  | 'ambiguous_variable'; // several columns differ from the name only in case

export class TemplateError extends Error {
  readonly code: TemplateErrorCode;
  /** Offset of the offending `{{` in the template (UTF-16 units), for highlighting. */
  readonly index: number;
  /** The name as written, trimmed, when the error is about one variable. */
  readonly variable?: string;

  constructor(code: TemplateErrorCode, message: string, index: number, variable?: string) {
    super(message);
    this.name = 'TemplateError';
    this.code = code;
    this.index = index;
    this.variable = variable;
  }
}

type Part = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'variable'; readonly name: string; readonly index: number };

interface ParsedTemplate {
  /** Every part before the first syntax error. */
  readonly parts: readonly Part[];
  readonly error: TemplateError | null;
}

/** The names used, trimmed, in order of first use. Stops at the first syntax error (see checkTemplate). */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const part of parse(template).parts) if (part.kind === 'variable') names.add(part.name);
  return [...names];
}

/**
 * The first problem in the template, or null when it can be rendered for every row. `available`
 * are the input's column names; `topic` is always added.
 */
export function checkTemplate(template: string, available: readonly string[]): TemplateError | null {
  const { parts, error } = parse(template);
  if (error) return error;
  const names = available.includes('topic') ? available : ['topic', ...available];
  for (const part of parts) {
    if (part.kind === 'variable') {
      const problem = resolve(template, part, names);
      if (problem instanceof TemplateError) return problem;
    }
  }
  return null;
}

/** Fills every variable from `vars`. Throws TemplateError on a syntax error or an unknown variable. */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  const { parts, error } = parse(template);
  if (error) throw error;
  let keys: string[] | undefined;
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      out += part.text;
    } else if (Object.hasOwn(vars, part.name)) {
      out += vars[part.name];
    } else {
      keys ??= Object.keys(vars);
      const found = resolve(template, part, keys);
      if (found instanceof TemplateError) throw found;
      out += vars[found];
    }
  }
  return out;
}

function resolve(template: string, part: Extract<Part, { kind: 'variable' }>, available: readonly string[]): string | TemplateError {
  const match = matchName(part.name, available);
  const where = () => position(template, part.index);
  switch (match.kind) {
    case 'found':
      return match.name;
    case 'missing':
      return new TemplateError(
        'unknown_variable',
        `Unknown variable {{${part.name}}} ${where()}: the input has no column named ${JSON.stringify(part.name)}. ` +
          `Available: ${quoteList(available)}. Use one of these names or rename the column in your file.`,
        part.index,
        part.name,
      );
    case 'ambiguous':
      return new TemplateError(
        'ambiguous_variable',
        `Variable {{${part.name}}} ${where()} matches several columns that differ only in case: ${quoteList(match.candidates)}. ` +
          'Write the name exactly as one of them.',
        part.index,
        part.name,
      );
    default:
      return assertNever(match, 'name match');
  }
}

// Rendering 100,000 prompts from one template should not parse it 100,000 times.
let lastTemplate: string | undefined;
let lastParsed: ParsedTemplate | undefined;

function parse(template: string): ParsedTemplate {
  if (template === lastTemplate && lastParsed) return lastParsed;
  const parsed = parseUncached(template);
  lastTemplate = template;
  lastParsed = parsed;
  return parsed;
}

function parseUncached(template: string): ParsedTemplate {
  const parts: Part[] = [];
  let pos = 0;
  const fail = (error: TemplateError): ParsedTemplate => ({ parts, error });
  while (pos < template.length) {
    const open = template.indexOf('{{', pos);
    if (open === -1) break;
    if (open > pos) parts.push({ kind: 'text', text: template.slice(pos, open) });
    const close = template.indexOf('}}', open + 2);
    const lineEnd = template.slice(open + 2, close === -1 ? undefined : close).search(/[\r\n]/);
    const nextOpen = template.indexOf('{{', open + 2);
    const where = () => position(template, open);
    if (close === -1 || lineEnd !== -1 || (nextOpen !== -1 && nextOpen < close)) {
      return fail(
        new TemplateError(
          'unclosed_variable',
          `The {{ ${where()} is not closed: write a variable as {{name}} on one line, e.g. {{topic}}.`,
          open,
        ),
      );
    }
    const raw = template.slice(open + 2, close);
    const name = raw.trim();
    if (name === '') {
      return fail(new TemplateError('empty_variable', `The variable {{${raw}}} ${where()} has no name: write e.g. {{topic}}.`, open));
    }
    if (/[{}]/.test(name)) {
      return fail(
        new TemplateError(
          'invalid_variable',
          `The variable {{${raw}}} ${where()} has a brace in its name: write variables with exactly two braces, e.g. {{topic}}.`,
          open,
          name,
        ),
      );
    }
    parts.push({ kind: 'variable', name, index: open });
    pos = close + 2;
  }
  if (pos < template.length) parts.push({ kind: 'text', text: template.slice(pos) });
  return { parts, error: null };
}

/** "at line 2, column 7" (1-based), so a message points into a multi-line prompt. */
function position(template: string, index: number): string {
  const before = template.slice(0, index);
  const line = before.split(/\r\n|\r|\n/).length;
  const column = index - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return `at line ${line}, column ${column}`;
}
