import type { BudgetStatus, EngineEvent } from '../../shared/domain/events.ts';
import { BUDGET_REACHED } from '../../shared/domain/events.ts';
import type { RunResult } from '../engine/run.ts';
import type { RunService } from '../runs/run-service.ts';
import { EXIT } from './exit-codes.ts';
import type { Reporter } from './progress-reporter.ts';
import { createReporter } from './progress-reporter.ts';
import type { CliIo } from './run-command.ts';
import type { BatchStatusEvent, QuotaEvent } from '../../shared/domain/service-events.ts';
import type { Summary } from './run-report.ts';
import { printSummary } from './run-report.ts';

export interface DriveOptions {
  readonly json: boolean;
  /** Where the articles go, for the summary; none when the run does not export. */
  readonly outDir: string | undefined;
  /** Starts the run in the service: a fresh start, a resume or a retry of what failed. */
  readonly go: () => Promise<RunResult>;
  /** The run's budget, and what its earlier starts spent: progress says how much of it is spent. */
  readonly budget?: BudgetStatus;
}

/**
 * Drives one run of a RunService to its end on the terminal: live progress, Ctrl-C cancels (the
 * run stays resumable), a summary, and the exit code. `run`, `resume` and `retry-failed` share it.
 */
export async function driveRun(service: RunService, runId: string, io: CliIo, options: DriveOptions): Promise<number> {
  const human = options.json ? io.stderr : io.stdout;
  const stats: Stats & { writeFailures: number } = { requests: 0, rateLimited: 0, regenerations: 0, regenerationCostUsd: 0, writeFailures: 0 };
  let reporter: Reporter | undefined;
  const off = service.on((event) => {
    if (event.runId !== runId) return;
    if (event.type === 'export.failed') {
      stats.writeFailures++;
      reporter?.note(`Could not write an article (task ${event.taskId}): ${event.message}`);
      return;
    }
    if (event.type === 'export.written') return;
    if (event.type === 'batch.status') {
      reporter?.note(batchWords(event));
      return;
    }
    if (event.type === 'quota.status') {
      reporter?.note(quotaWords(event));
      return;
    }
    reporter ??= createReporter(options.json ? 'json' : io.stdout.isTTY ? 'tty' : 'plain', service.view(runId)!, io.stdout, Date.now, options.budget);
    count(event, stats);
    reporter.onEvent(event);
  });
  let interrupted = false;
  const dispose = io.onInterrupt(() => {
    interrupted = true;
    reporter?.note('Cancelling: aborting requests in flight… (resume later with `pacer resume`)');
    void service.cancel(runId);
  });
  const startedAt = Date.now();
  try {
    const result = await options.go();
    reporter?.close();
    printSummary(human, { result, elapsedMs: Date.now() - startedAt, outDir: options.outDir, ...stats });
    const budgetReached = result.error?.code === BUDGET_REACHED;
    if (result.outcome !== 'completed') human.write(`  Resume with: npm run cli -- resume ${runId.slice(0, 8)}${budgetReached ? ' --budget-usd <a higher budget>' : ''}\n`);
    if (interrupted) return EXIT.interrupted;
    if (budgetReached) return EXIT.budgetReached;
    // The store could not record the run (a full or failing disk): the data folder's problem, not the provider's.
    if (result.error?.code === 'disk_full' || result.error?.code === 'io') return EXIT.usage;
    if (result.outcome === 'stopped') return EXIT.stopped;
    if (result.counts.failed > 0 || stats.writeFailures > 0) return EXIT.someFailed;
    return result.counts.needs_review > 0 ? EXIT.needsReview : EXIT.ok;
  } finally {
    dispose();
    off();
  }
}

interface Stats {
  requests: number;
  rateLimited: number;
  regenerations: number;
  regenerationCostUsd: number;
  learned?: Summary['learned'];
}

function count(event: EngineEvent, stats: Stats): void {
  if (event.type === 'attempt.started') stats.requests++;
  if (event.type === 'attempt.rejected') {
    stats.regenerations++;
    stats.regenerationCostUsd += event.costUsd ?? 0;
  }
  if (event.type === 'attempt.failed' && event.error.kind === 'rate_limited') stats.rateLimited++;
  if (event.type === 'run.limits') stats.learned = { limits: event.limits, shapes: event.shapes };
}

/** How the run's quota is shared, when that changes. */
function quotaWords(status: QuotaEvent): string {
  if (status.mode === 'alone') {
    const share = status.members > 1 ? ` at 1/${status.members} of the limit, its share of ${status.members} processes` : '';
    return `Shared quota: ${status.reason ?? 'Redis is out of reach'}; going on alone${share} until it is back.`;
  }
  return `Shared quota: ${status.members} process${status.members === 1 ? '' : 'es'} share${status.members === 1 ? 's' : ''} this quota through Redis.`;
}

/** Each batch's state and counts, on one line. */
function batchWords(event: BatchStatusEvent): string {
  const open = event.batches.filter((b) => !b.collected);
  if (open.length === 0) return `Batches: all ${event.batches.length} collected.`;
  return `Batches: ${open.map((b) => `${b.batchId ?? 'submitting'} ${b.status} ${b.completed + b.failed}/${b.total}`).join(' · ')}`;
}
