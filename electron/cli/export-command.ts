import { parseArgs } from 'node:util';
import { ExportError } from '../export/export-error.ts';
import { RunExporter } from '../export/run-exporter.ts';
import type { ExportSummary } from '../export/run-exporter.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { findRun } from './find-run.ts';
import { formatCount } from './format.ts';
import { cliDataDir, openCliStoreIfExists } from './open-cli-store.ts';
import type { CliIo } from './run-command.ts';

const OPTIONS = {
  out: { type: 'string' },
  data: { type: 'string' },
} as const;

const LISTED_FAILURES = 20;
const SYNOPSIS = 'Usage: pacer export <run-id> --out DIR [--data DIR]';

interface ExportArgs {
  readonly runId: string;
  readonly out: string;
  readonly data?: string;
}

/**
 * `pacer export <run-id> --out DIR`: writes every done task of a stored run as a Markdown file.
 * Safe to repeat: articles already in DIR are not written again (run-exporter.ts). Exits 1 when
 * some could not be written; the results stay in the store for the next try.
 */
export async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseExportArgs(argv);
  const store = openCliStoreIfExists(args.data, io.env);
  if (!store) {
    throw new UsageError(`No runs yet in ${cliDataDir(args.data, io.env)}, so there is no run ${JSON.stringify(args.runId)} to export. Pass --data DIR if your runs are stored elsewhere.`);
  }
  try {
    const run = findRun(store.listRuns(), args.runId);
    let exporter: RunExporter;
    try {
      exporter = await RunExporter.open(store, run.id, args.out);
    } catch (error) {
      if (error instanceof ExportError) throw new UsageError(`Cannot use --out ${JSON.stringify(args.out)}: ${error.message}`);
      throw error;
    }
    const summary = await exporter.exportAll();
    io.stdout.write(describeExport(summary, run.id));
    return summary.failed.length > 0 ? EXIT.someFailed : EXIT.ok;
  } finally {
    store.close();
  }
}

function parseExportArgs(argv: string[]): ExportArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. ${SYNOPSIS}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? `Missing the run id. ${SYNOPSIS} (see the ids with \`pacer runs\`)`
        : `Expected one run id, got ${positionals.length}: ${positionals.map((arg) => JSON.stringify(arg)).join(' ')}. ${SYNOPSIS}`,
    );
  }
  if (values.out === undefined || values.out.trim() === '') throw new UsageError(`Missing --out DIR: the folder to write the articles to. ${SYNOPSIS}`);
  return { runId: positionals[0]!, out: values.out, data: values.data };
}

/** "Wrote 3 articles to /out (2 already there)." then the articles that could not be written, each with what to do. */
function describeExport(summary: ExportSummary, runId: string): string {
  const { written, alreadyExported, failed, dir } = summary;
  const wrote = `Wrote ${formatCount(written)} article${written === 1 ? '' : 's'} to ${dir} (${formatCount(alreadyExported)} already there)`;
  if (failed.length === 0) {
    const nothing = written + alreadyExported === 0 ? `Run ${runId} has no done tasks yet: nothing to export.\n` : '';
    return `${wrote}.\n${nothing}`;
  }
  // A full disk fails every article the same way: the first few say enough.
  const listed = failed.slice(0, LISTED_FAILURES).map((failure) => `  ${JSON.stringify(failure.topic)} (task ${failure.taskId}, ${failure.code}): ${failure.message}`);
  if (failed.length > LISTED_FAILURES) listed.push(`  …and ${formatCount(failed.length - LISTED_FAILURES)} more.`);
  return `${wrote}; ${formatCount(failed.length)} could not be written:\n${listed.join('\n')}\n`;
}
