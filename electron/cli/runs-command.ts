import { parseArgs } from 'node:util';
import type { RunSummary } from '../store/types.ts';
import type { TaskStatus } from '../../shared/domain/task.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { shortRunIds } from './find-run.ts';
import { formatCount } from './format.ts';
import { cliDataDir, openCliStoreIfExists } from './open-cli-store.ts';
import type { CliIo } from './run-command.ts';

const OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * `pacer runs`: the stored runs, newest first. `--json` prints the store's RunSummary objects as
 * they are (a JSON array, `[]` when there are none) for scripts; the table is for people.
 */
export function runsCommand(argv: string[], io: CliIo): number {
  const { data, json } = parseRunsArgs(argv);
  const store = openCliStoreIfExists(data, io.env);
  let runs: RunSummary[] = [];
  if (store) {
    try {
      runs = store.listRuns();
    } finally {
      store.close();
    }
  }
  if (json) {
    io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
  } else if (runs.length === 0) {
    io.stdout.write(`No runs yet in ${cliDataDir(data, io.env)}.\n`);
  } else {
    io.stdout.write(runsTable(runs));
  }
  return EXIT.ok;
}

function parseRunsArgs(argv: string[]): { data?: string; json: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Usage: pacer runs [--data DIR] [--json]`);
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(`pacer runs takes no arguments, got ${parsed.positionals.map((arg) => JSON.stringify(arg)).join(' ')}. Usage: pacer runs [--data DIR] [--json]`);
  }
  return { data: parsed.values.data, json: parsed.values.json ?? false };
}

/** Aligned columns; the last (the folder) is left ragged. */
function runsTable(runs: readonly RunSummary[]): string {
  const shortIds = shortRunIds(runs);
  const header = ['ID', 'CREATED', 'STATUS', 'MODEL', 'TASKS', 'OUT'];
  const rows = runs.map((run) => [shortIds.get(run.id) ?? run.id, localTime(run.createdAt), run.status, run.model, tasksCell(run), run.outDir ?? '-']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

/** `15/20 done, 3 failed, 2 queued`: done always, every other status only when some task has it. */
function tasksCell(run: RunSummary): string {
  const others = (Object.entries(run.counts) as [TaskStatus, number][])
    .filter(([status, n]) => status !== 'done' && n > 0)
    .map(([status, n]) => `${formatCount(n)} ${status}`);
  return [`${formatCount(run.counts.done)}/${formatCount(run.total)} done`, ...others].join(', ');
}

/** `2026-11-29 10:05`, in the user's time zone: when they started it, as their clock showed. */
function localTime(ms: number): string {
  const at = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
