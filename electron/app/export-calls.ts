import path from 'node:path';
import type { ExportReport } from '../../shared/ipc/contract.ts';
import { RunExporter } from '../export/run-exporter.ts';
import { StoreError } from '../store/store-error.ts';
import type { AppContext, CallHandlers } from './app-context.ts';
import { isGoing, requireRun } from './app-context.ts';
import { resultsCsv, resultsJsonl } from './results-table.ts';
import { writeResultsFile } from './write-results-file.ts';

/**
 * export.run: Markdown articles (RunExporter: one file per done task, never twice in a folder,
 * never over a file already there) and the results table as CSV and JSONL (a new file each time).
 * Exports run one at a time: two exporters on one run and folder could both claim a task's file.
 */
export function exportCalls(context: AppContext): Pick<CallHandlers, 'export.run'> {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    'export.run': (request) => {
      const next = queue.then(() => exportRun(context, request.runId, request.dir, request.formats));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

async function exportRun(context: AppContext, runId: string, dirInput: string, formats: readonly string[]): Promise<ExportReport> {
  const detail = requireRun(context, runId);
  const dir = path.resolve(dirInput);
  let report: ExportReport = { dir };
  if (formats.includes('markdown')) {
    // The run's own exporter writes to its folder as tasks finish; a second one would race it.
    if (detail.outDir !== null && isGoing(context, runId)) {
      throw new StoreError(
        'run_active',
        `Run "${runId}" is going and writes each article to ${detail.outDir} as it finishes. Export it again once the run has ended.`,
      );
    }
    const summary = await (await RunExporter.open(context.store, runId, dir)).exportAll();
    report = {
      ...report,
      markdown: {
        written: summary.written,
        alreadyExported: summary.alreadyExported,
        failed: summary.failed.map((failure) => ({ code: failure.code, message: `${JSON.stringify(failure.topic)}: ${failure.message}` })),
      },
    };
  }
  const needsTable = formats.includes('csv') || formats.includes('jsonl');
  const tasks = needsTable ? context.store.getTasks(runId) : [];
  if (formats.includes('csv')) report = { ...report, csv: await writeResultsFile(dir, runId, 'csv', resultsCsv(tasks)) };
  if (formats.includes('jsonl')) report = { ...report, jsonl: await writeResultsFile(dir, runId, 'jsonl', resultsJsonl(tasks)) };
  return report;
}
