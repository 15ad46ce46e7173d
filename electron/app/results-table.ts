import Papa from 'papaparse';
import type { StoredTask } from '../../shared/domain/run-records.ts';
import { knownSecrets } from '../secrets/secret-redactor.ts';

/**
 * A run's results as one table, for spreadsheets (CSV) and scripts (JSONL): one row per task, in
 * input order, whatever its status, so a failed or skipped topic is visible rather than missing.
 */
export const RESULT_COLUMNS = [
  'index',
  'topic',
  'status',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'cost_usd',
  'attempts',
  'error',
  'exported_path',
  'text',
] as const;

type ResultRow = Record<(typeof RESULT_COLUMNS)[number], string | number | null>;

/** Redacted again here: a database written before keys were redacted at the store may hold one. */
function resultRow(task: StoredTask): ResultRow {
  return knownSecrets.redact({
    index: task.index,
    topic: task.topic,
    status: task.status,
    prompt_tokens: task.usage?.promptTokens ?? null,
    completion_tokens: task.usage?.completionTokens ?? null,
    total_tokens: task.usage?.totalTokens ?? null,
    cost_usd: task.costUsd,
    attempts: task.attempts,
    error: task.error ? `${task.error.kind}: ${task.error.message}` : null,
    exported_path: task.exportedPath,
    text: task.resultText,
  });
}

/**
 * CSV for Excel, LibreOffice and Sheets: a UTF-8 byte-order mark (without it Excel reads UTF-8 as
 * the local code page and "café" becomes "cafÃ©"), CRLF rows, and every text cell that a
 * spreadsheet could take for a formula prefixed with a quote (formulaGuard): topics come from
 * files other people send, and a topic like `=HYPERLINK(...)` must stay text when the results are
 * opened. Papaparse's own escapeFormulae is not used: its pattern has no `s` flag, so it misses a
 * cell with a line break in it.
 */
export function resultsCsv(tasks: readonly StoredTask[]): string {
  const data = tasks.map((task) => {
    const row = resultRow(task);
    return RESULT_COLUMNS.map((column) => formulaGuard(row[column]));
  });
  const csv = Papa.unparse({ fields: [...RESULT_COLUMNS], data }, { newline: '\r\n' });
  return `\uFEFF${csv}\r\n`;
}

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP's CSV-injection list): at
 * its very start, or after leading spaces and line breaks, which some programs trim on import.
 */
const FORMULA_START = /^[\t\r\n]|^\s*[=+\-@]/;

export function formulaGuard<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** One JSON object per line, fields named as in the store, text and prompt included. */
export function resultsJsonl(tasks: readonly StoredTask[]): string {
  return tasks
    .map((task) =>
      JSON.stringify(knownSecrets.redact({
        index: task.index,
        id: task.id,
        topic: task.topic,
        vars: task.vars,
        prompt: task.prompt,
        status: task.status,
        attempts: task.attempts,
        usage: task.usage,
        costUsd: task.costUsd,
        error: task.error,
        exportedPath: task.exportedPath,
        text: task.resultText,
      })),
    )
    .map((line) => `${line}\n`)
    .join('');
}
