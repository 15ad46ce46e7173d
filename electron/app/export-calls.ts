import type { ExportReport } from '../../shared/ipc/contract.ts';
import { prepareExportFolder } from '../export/prepare-folder.ts';
import { RunExporter } from '../export/run-exporter.ts';
import { StoreError } from '../store/store-error.ts';
import type { AppContext, CallHandlers } from './app-context.ts';
import { isGoing, requireRun, requireRunExists } from './app-context.ts';
import type { ExportJob } from './export-jobs.ts';
import { ExportJobs } from './export-jobs.ts';
import { resultsCsv, resultsJsonl } from './results-table.ts';
import { writeResultsFile } from './write-results-file.ts';

/**
 * export.run: Markdown articles (RunExporter: one file per done task, never twice in a folder,
 * never over a file already there) and the results table as CSV and JSONL. The folder is checked
 * before anything is written (prepare-folder.ts); each export is a job that can be cancelled and
 * is given up when it stalls (export-jobs.ts), and only exports of one run to one folder wait for
 * each other.
 */
export function exportCalls(context: AppContext, jobs = new ExportJobs()): Pick<CallHandlers, 'export.run' | 'export.cancel'> {
  return {
    'export.run': async ({ runId, folder, formats, exportId, acceptedOnly = false }) => {
      requireRunExists(context, runId);
      const target = context.folders.path(folder);
      return jobs.run(`${runId}\0${target}`, exportId, target, (job) => exportRun(context, runId, target, { formats, acceptedOnly }, job));
    },
    'export.cancel': async ({ exportId }) => ({ cancelled: jobs.cancel(exportId, 'the folder') }),
  };
}

interface ExportChoice {
  readonly formats: readonly string[];
  /** Only the articles accepted in review, in every format. */
  readonly acceptedOnly: boolean;
}

async function exportRun(context: AppContext, runId: string, dirInput: string, { formats, acceptedOnly }: ExportChoice, job: ExportJob): Promise<ExportReport> {
  const detail = requireRun(context, runId);
  const markdown = formats.includes('markdown');
  // The run's own exporter writes to its folder as tasks finish; a second one would race it.
  if (markdown && detail.outDir !== null && isGoing(context, runId)) {
    throw new StoreError(
      'run_active',
      `Run "${runId}" is going and writes each article to ${detail.outDir} as it finishes. Export it again once the run has ended.`,
    );
  }
  // The folder is checked and created once, before anything is written: by the article writer
  // when there are articles to write, else here.
  const exporter = markdown ? await RunExporter.open(context.store, runId, dirInput, { signal: job.signal, acceptedOnly }) : undefined;
  const dir = exporter?.dir ?? (await prepareExportFolder(dirInput, { signal: job.signal }));
  job.progress();
  let report: ExportReport = { dir };
  if (exporter) {
    const summary = await exporter.exportAll({ signal: job.signal, onProgress: () => job.progress() });
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
  const all = needsTable ? context.store.getTasks(runId) : [];
  const tasks = acceptedOnly ? all.filter((task) => task.review === 'accepted') : all;
  if (formats.includes('csv')) {
    job.signal.throwIfAborted();
    report = { ...report, csv: await writeResultsFile(dir, runId, 'csv', resultsCsv(tasks)) };
    job.progress();
  }
  if (formats.includes('jsonl')) {
    job.signal.throwIfAborted();
    report = { ...report, jsonl: await writeResultsFile(dir, runId, 'jsonl', resultsJsonl(tasks)) };
  }
  return report;
}
