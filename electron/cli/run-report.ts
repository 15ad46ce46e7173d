import type { RunSettings } from '../../shared/domain/settings.ts';
import { etaWords } from '../../shared/eta-words.ts';
import { finishedCount } from '../../shared/domain/task.ts';
import type { RunEstimate } from '../engine/estimate-run.ts';
import type { RunResult } from '../engine/run.ts';
import { formatCount, formatDuration, formatUsd } from './format.ts';

interface Out {
  write(text: string): void;
}

export function printEstimate(out: Out, estimate: RunEstimate, settings: RunSettings): void {
  const cost = estimate.cost ? `${formatUsd(estimate.cost.minUsd)}–${formatUsd(estimate.cost.maxUsd)}` : `unknown for model ${settings.model}`;
  const eta = etaWords(estimate, formatDuration);
  out.write(
    [
      `Estimate for ${formatCount(estimate.tasks)} topics with ${settings.model}:`,
      `  tokens   ${formatCount(estimate.promptTokens)} prompt + up to ${formatCount(estimate.maxOutputTokens)} output`,
      `  cost     ${cost}`,
      `  time     ${eta}`,
      '',
    ].join('\n'),
  );
}

export interface Summary {
  readonly result: RunResult;
  readonly elapsedMs: number;
  readonly outDir: string | undefined;
  readonly writeFailures: number;
  readonly requests: number;
  readonly rateLimited: number;
}

export function printSummary(out: Out, s: Summary): void {
  const c = s.result.counts;
  const outcome = s.result.outcome === 'completed' ? 'Finished' : s.result.outcome === 'cancelled' ? 'Cancelled' : 'Stopped';
  const total = Object.values(c).reduce((sum, n) => sum + n, 0);
  // Cancelled tasks are not finished: a resume sends them again (task.ts has the one rule).
  const parts = [`${formatCount(c.done)} done`, `${formatCount(c.failed)} failed`, ...(c.skipped ? [`${formatCount(c.skipped)} skipped`] : [])];
  const cancelled = c.cancelled ? `; ${formatCount(c.cancelled)} cancelled, to be sent on resume` : '';
  const lines = [
    `${outcome} in ${formatDuration(s.elapsedMs)}: ${formatCount(finishedCount(c))}/${formatCount(total)} finished (${parts.join(', ')})${cancelled}.`,
    `  ${formatCount(s.requests)} requests sent, ${formatCount(s.rateLimited)} rate-limited (429).`,
    s.outDir ? `  Articles in ${s.outDir}${s.writeFailures ? ` (${s.writeFailures} could not be written)` : ''}.` : '  No export folder: write the articles with `pacer export`.',
  ];
  if (s.result.error) lines.push(`  Reason: ${s.result.error.message}`);
  out.write(`${lines.join('\n')}\n`);
}
