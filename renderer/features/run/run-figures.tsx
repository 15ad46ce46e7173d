import { isGoing } from '../../../shared/run-view/run-time.ts';
import { formatCount, formatDuration, formatUsd } from '../../components/format.ts';
import { usePacer } from '../../store/store-context.tsx';
import type { EtaBound, RunStats } from './run-stats.ts';
import { useRunStats } from './use-run-stats.ts';

const BOUND_LABELS: Readonly<Record<EtaBound, string>> = {
  requests: 'bound by requests per minute',
  tokens: 'bound by tokens per minute',
  pace: 'at the pace so far',
};

/** Time and money at a glance, always in the run header: elapsed, ETA, cost, pace against the limit, 429s. */
export function RunFigures() {
  const stats = useRunStats();
  const going = usePacer((s) => isGoing(s.phase));
  const budgetUsd = usePacer((s) => s.detail?.settings.budgetUsd ?? null);
  return (
    <dl className="run-figures" data-testid="run-figures" aria-label="Run figures">
      <Figure label="Elapsed" testId="run-elapsed" value={stats.elapsedMs === null ? 'not started' : formatDuration(stats.elapsedMs)} />
      <Figure label="Left" testId="run-eta" value={etaText(stats, going)} title={stats.etaBound ? BOUND_LABELS[stats.etaBound] : undefined} />
      <Figure label="Cost" testId="run-cost" value={stats.costUsd === null ? 'price unknown' : formatUsd(stats.costUsd)} />
      {budgetUsd === null ? null : (
        <Figure label="Budget" testId="run-budget" value={`${stats.costUsd === null ? '?' : formatUsd(stats.costUsd)} of ${formatUsd(budgetUsd)}`} title="Spent so far of the run's budget: the run stops before a request that could pass it" />
      )}
      <Figure label="Projected" testId="run-cost-projected" value={stats.projectedUsd === null ? '–' : formatUsd(stats.projectedUsd)} title="The cost so far, plus what is left at the average cost of a done task" />
      <Figure label="Requests / min" testId="run-rate" value={`${formatCount(Math.round(stats.requestsPerMin))}${stats.rpmLimit === null ? '' : ` of ${formatCount(stats.rpmLimit)}`}`} />
      <Figure label="429s" testId="run-429s" value={formatCount(stats.rateLimited)} count={stats.rateLimited} />
    </dl>
  );
}

function etaText(stats: RunStats, going: boolean): string {
  if (stats.etaMs === 0) return 'nothing';
  if (!going) return '– (not going)';
  if (stats.etaMs === null) return 'learned once requests go out';
  return `≈ ${formatDuration(stats.etaMs)}`;
}

function Figure({ label, value, testId, title, count }: { readonly label: string; readonly value: string; readonly testId: string; readonly title?: string; readonly count?: number }) {
  return (
    <div title={title}>
      <dt>{label}</dt>
      <dd data-testid={testId} data-count={count}>
        {value}
      </dd>
    </div>
  );
}
