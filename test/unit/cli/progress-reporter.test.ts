import { describe, expect, it } from 'vitest';
import type { StatusCounts, TaskStatus } from '../../../shared/domain/task.ts';
import { emptyCounts } from '../../../shared/domain/task.ts';
import { RunView } from '../../../shared/run-view/run-view.ts';
import { newTaskView } from '../../../shared/run-view/task-view.ts';
import { createReporter } from '../../../electron/cli/progress-reporter.ts';
import { printSummary } from '../../../electron/cli/run-report.ts';

/** A run of ten as a cancel leaves it: 5 done, 1 failed, 1 skipped, 3 cancelled. */
const STATUSES: TaskStatus[] = ['done', 'done', 'done', 'done', 'done', 'failed', 'skipped', 'cancelled', 'cancelled', 'cancelled'];

function counts(statuses: readonly TaskStatus[]): StatusCounts {
  const c = emptyCounts();
  for (const status of statuses) c[status]++;
  return c;
}

describe('CLI progress: cancelled tasks are cancelled, not finished', () => {
  it('the status line counts done, failed and skipped as finished, and shows the cancelled ones apart', () => {
    const view = new RunView(STATUSES.map((status, i) => newTaskView(`t${i}`, i, `topic ${i}`, status)));
    const out: string[] = [];
    let now = 0;
    const reporter = createReporter('tty', view, { write: (text) => void out.push(text) }, () => (now += 1_000));
    reporter.note('a note, which redraws the line');
    const line = out.at(-1)!;
    expect(line).toMatch(/^\[#{17}\.{7}\] 7\/10 · done 5 · failed 1 · cancelled 3 · /);
  });

  it('the summary says how many finished and how many a resume will send', () => {
    const out: string[] = [];
    printSummary({ write: (text) => void out.push(text) }, {
      result: { outcome: 'cancelled', counts: counts(STATUSES) },
      elapsedMs: 65_000,
      outDir: undefined,
      writeFailures: 0,
      requests: 9,
      rateLimited: 0,
    });
    expect(out.join('').split('\n')[0]).toBe('Cancelled in 1:05: 7/10 finished (5 done, 1 failed, 1 skipped); 3 cancelled, to be sent on resume.');
  });

  it('a run with nothing cancelled says only what finished', () => {
    const out: string[] = [];
    printSummary({ write: (text) => void out.push(text) }, {
      result: { outcome: 'completed', counts: counts(['done', 'done', 'failed']) },
      elapsedMs: 3_000,
      outDir: '/out',
      writeFailures: 0,
      requests: 3,
      rateLimited: 0,
    });
    expect(out.join('').split('\n')[0]).toBe('Finished in 0:03: 3/3 finished (2 done, 1 failed).');
  });
});
