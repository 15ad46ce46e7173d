import type { BudgetStatus } from '../../shared/domain/events.ts';
import type { RunSettings } from '../../shared/domain/settings.ts';
import { etaWords } from '../../shared/eta-words.ts';
import { limitWords } from '../../shared/limit-words.ts';
import type { LimitShapes, Limits } from '../../shared/domain/rate-limit.ts';
import { finishedCount } from '../../shared/domain/task.ts';
import type { RunEstimate } from '../engine/estimate-run.ts';
import type { RunResult } from '../engine/run.ts';
import { formatCount, formatDuration, formatUsd } from './format.ts';

interface Out {
  write(text: string): void;
}

const MODE_WORDS: Readonly<Record<Exclude<RunSettings['mode'], 'online'>, string>> = {
  batch: 'Batch API (the time above is online\'s; a batch takes up to 24 h)',
  auto: 'auto: Batch API while online could still finish by the deadline',
};

export function printEstimate(out: Out, estimate: RunEstimate, settings: RunSettings): void {
  const range = (c: { minUsd: number; maxUsd: number }) => `${formatUsd(c.minUsd)}–${formatUsd(c.maxUsd)}`;
  const batch = estimate.batchCost ? `; Batch API ${range(estimate.batchCost)} (up to 24 h)` : '';
  const cost = estimate.cost ? `online ${range(estimate.cost)}${batch}` : `unknown for model ${settings.model}`;
  const eta = etaWords(estimate, formatDuration);
  out.write(
    [
      `Estimate for ${formatCount(estimate.tasks)} topics with ${settings.model}:`,
      `  tokens   ${formatCount(estimate.promptTokens)} prompt + up to ${formatCount(estimate.maxOutputTokens)} output`,
      `  cost     ${cost}`,
      `  time     ${eta}`,
      ...(settings.budgetUsd === null ? [] : [`  budget   ${formatUsd(settings.budgetUsd)}: the run stops before a request that could pass it`]),
      ...(settings.mode === 'online' ? [] : [`  mode     ${MODE_WORDS[settings.mode]}${settings.deadlineMs === null ? '' : `, deadline ${formatDuration(settings.deadlineMs)}`}`]),
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
  /** Articles written again because a reply failed a quality gate. */
  readonly regenerations?: number;
  /** What the rejected replies cost at list prices. */
  readonly regenerationCostUsd?: number;
  /** The limits in force at the end and what was learned of the server's shape. */
  readonly learned?: { readonly limits: Limits; readonly shapes: LimitShapes };
}

export function printSummary(out: Out, s: Summary): void {
  const c = s.result.counts;
  const outcome = s.result.outcome === 'completed' ? 'Finished' : s.result.outcome === 'cancelled' ? 'Cancelled' : 'Stopped';
  const total = Object.values(c).reduce((sum, n) => sum + n, 0);
  // Cancelled tasks are not finished: a resume sends them again (task.ts has the one rule).
  const parts = [`${formatCount(c.done)} done`, ...(c.needs_review ? [`${formatCount(c.needs_review)} need review`] : []), `${formatCount(c.failed)} failed`, ...(c.skipped ? [`${formatCount(c.skipped)} skipped`] : [])];
  const cancelled = c.cancelled ? `; ${formatCount(c.cancelled)} cancelled, to be sent on resume` : '';
  const lines = [
    `${outcome} in ${formatDuration(s.elapsedMs)}: ${formatCount(finishedCount(c))}/${formatCount(total)} finished (${parts.join(', ')})${cancelled}.`,
    `  ${formatCount(s.requests)} requests sent, ${formatCount(s.rateLimited)} rate-limited (429).`,
    ...(s.result.budget ? [`  ${budgetWords(s.result.budget)}.`] : []),
    ...(s.regenerations
      ? [`  ${formatCount(s.regenerations)} article${s.regenerations === 1 ? '' : 's'} regenerated after failing a quality gate${s.regenerationCostUsd ? ` (the rejected replies cost ${formatUsd(s.regenerationCostUsd)})` : ''}.`]
      : []),
    ...(c.needs_review ? [`  Articles that need review are kept but not exported: review them in the app (Review tab).`] : []),
    ...(s.learned ? [`  The server allowed: ${serverAllowed(s.learned.limits, s.learned.shapes)}.`] : []),
    s.outDir ? `  Articles in ${s.outDir}${s.writeFailures ? ` (${s.writeFailures} could not be written)` : ''}.` : '  No export folder: write the articles with `pacer export`.',
  ];
  if (s.result.error) lines.push(`  Reason: ${s.result.error.message}`);
  out.write(`${lines.join('\n')}\n`);
}

/** "Spent $0.42 of the $1.00 budget (42 %)": every start of the run counted. */
export function budgetWords(budget: BudgetStatus): string {
  const share = Math.round((budget.spentUsd / budget.limitUsd) * 100);
  return `Spent ${formatUsd(budget.spentUsd)} of the ${formatUsd(budget.limitUsd)} budget (${share} %)`;
}

/** Both dimensions in words; one left unknown or unlimited is left out when the other is known. */
export function serverAllowed(limits: Limits, shapes: LimitShapes | undefined): string {
  const words = limitWords(limits, shapes);
  const known = [limits.rpm !== null ? words.requests : undefined, limits.tpm !== null ? words.tokens : undefined].filter((w) => w !== undefined);
  return known.length > 0 ? known.join('; ') : 'no limit reported';
}
