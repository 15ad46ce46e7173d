import type { Usage } from '../../shared/domain/task.ts';

/**
 * One finished article as a Markdown file with YAML front matter, ready for static-site generators
 * and CMS importers. Topics are arbitrary user text (colons, quotes, `---`, line breaks), so every
 * string is written as a double-quoted scalar with JSON escapes, which YAML reads back unchanged,
 * and each field stays on one line.
 */
export interface ArticleMarkdownInput {
  readonly topic: string;
  readonly model: string;
  readonly usage: Usage;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly text: string;
  /** The row's other columns; `topic` is already in the front matter and is left out. */
  readonly vars?: Readonly<Record<string, string>>;
}

/** Figures that are not finite numbers, and an invalid date, are written as `null`. */
export function renderArticleMarkdown(article: ArticleMarkdownInput): string {
  const lines = [
    '---',
    `topic: ${yamlString(article.topic)}`,
    `model: ${yamlString(article.model)}`,
    `prompt_tokens: ${count(article.usage.promptTokens)}`,
    `completion_tokens: ${count(article.usage.completionTokens)}`,
    `total_tokens: ${count(article.usage.totalTokens)}`,
    `attempts: ${count(article.attempts)}`,
    `created: ${Number.isNaN(article.createdAt.getTime()) ? 'null' : yamlString(article.createdAt.toISOString())}`,
  ];
  const vars = Object.entries(article.vars ?? {}).filter(([name]) => name !== 'topic');
  if (vars.length > 0) {
    // A JSON object is also a YAML flow mapping; escaped the same way, so it stays on one line.
    const fields = vars.map(([name, value]) => `${yamlString(name)}: ${yamlString(value)}`);
    lines.push(`vars: {${fields.join(', ')}}`);
  }
  lines.push('---', '');
  const body = article.text.endsWith('\n') ? article.text : `${article.text}\n`;
  return `${lines.join('\n')}\n${body}`;
}

/**
 * A YAML double-quoted scalar that is also a JSON string. JSON.stringify escapes quotes,
 * backslashes and C0 controls; YAML additionally forbids DEL, C1 controls, U+FEFF, U+FFFE/U+FFFF
 * and lone surrogates, and YAML 1.1 readers break lines at U+0085, U+2028 and U+2029, so those
 * are escaped too (lone surrogates, which no file can hold, become U+FFFD).
 */
export function yamlString(value: string): string {
  return JSON.stringify(value.toWellFormed()).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// Metadata is never worth losing the article over: a figure that is not a number is written as null.
function count(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}
