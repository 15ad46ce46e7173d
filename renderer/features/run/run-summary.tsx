import { useState } from 'react';
import { assertNever } from '../../../shared/assert-never.ts';
import type { RunStatus } from '../../../shared/domain/run-records.ts';
import { formatCount, formatDuration, formatUsd } from '../../components/format.ts';
import { PathText } from '../../components/path-text.tsx';
import { usePacer } from '../../store/store-context.tsx';
import { useRunStats } from './use-run-stats.ts';

/**
 * The end of a run in one card: how long it took, what became of its tasks, what it cost, how
 * often it was retried or refused, where the articles are, and the next steps (Open folder,
 * Review what failed a quality gate, Retry failed, Export).
 */
export function RunSummary() {
  const runStatus = usePacer((s) => s.runStatus);
  const phase = usePacer((s) => s.phase);
  const counts = usePacer((s) => s.counts);
  const outDir = usePacer((s) => s.detail?.outDir ?? null);
  const runId = usePacer((s) => s.openRunId);
  const exportsWritten = usePacer((s) => s.exportsWritten);
  const runCommand = usePacer((s) => s.runCommand);
  const setExportOpen = usePacer((s) => s.setExportOpen);
  const setView = usePacer((s) => s.setView);
  const call = usePacer((s) => s.call);
  const stats = useRunStats();
  const [openAnswer, setOpenAnswer] = useState<'unsupported' | null>(null);
  if (phase !== 'finished' || runStatus === null || runId === null || !isEnded(runStatus)) return null;

  const openFolder = async () => {
    const result = await call('run.openFolder', { runId });
    if (result.ok && !result.value.supported) setOpenAnswer('unsupported');
  };
  return (
    <section className="card run-summary" data-testid="run-summary" data-status={runStatus} aria-label="Run summary">
      <h3 className="run-summary-title">{titleOf(runStatus)}</h3>
      <dl className="run-figures">
        <Fact label="Took" testId="summary-duration" value={stats.elapsedMs === null ? '–' : formatDuration(stats.elapsedMs)} />
        <Fact label="Done" testId="summary-done" value={formatCount(counts.done)} />
        {counts.needs_review > 0 ? <Fact label="Needs review" testId="summary-needs-review" value={formatCount(counts.needs_review)} /> : null}
        <Fact label="Failed" testId="summary-failed" value={formatCount(counts.failed)} />
        <Fact label="Cancelled" testId="summary-cancelled" value={formatCount(counts.cancelled)} />
        {counts.skipped > 0 ? <Fact label="Skipped" testId="summary-skipped" value={formatCount(counts.skipped)} /> : null}
        <Fact label="Cost" testId="summary-cost" value={stats.costUsd === null ? 'price unknown' : formatUsd(stats.costUsd)} />
        <Fact label="Retries" testId="summary-retries" value={formatCount(stats.retries)} />
        <Fact label="429s" testId="summary-429s" value={formatCount(stats.rateLimited)} />
      </dl>
      <div className="run-summary-actions">
        {outDir ? (
          <button type="button" className="button-secondary" data-testid="summary-open-folder" onClick={() => void openFolder()}>
            Open folder
          </button>
        ) : (
          <button type="button" className="button-secondary" data-testid="summary-export" onClick={() => setExportOpen(true)}>
            Export…
          </button>
        )}
        {counts.needs_review > 0 ? (
          <button type="button" className="button-primary" data-testid="summary-review" onClick={() => setView('review')}>
            Review {formatCount(counts.needs_review)} article{counts.needs_review === 1 ? '' : 's'}
          </button>
        ) : null}
        {counts.failed > 0 ? (
          <button type="button" className="button-primary" data-testid="summary-retry-failed" onClick={() => void runCommand('retryFailed')}>
            Retry {formatCount(counts.failed)} failed
          </button>
        ) : null}
      </div>
      <p className="run-summary-where" data-testid="summary-where">
        {outDir ? (
          <>
            The articles are in <PathText path={outDir} testId="summary-folder" />
            {exportsWritten > 0 ? ` (${formatCount(exportsWritten)} written while this window was open)` : ''}.
          </>
        ) : (
          'The articles are kept with the run: export them to a folder.'
        )}
      </p>
      {openAnswer === 'unsupported' && outDir ? (
        <p className="muted" data-testid="summary-open-unsupported">
          A browser cannot open folders on this computer: open <PathText path={outDir} /> in your file manager.
        </p>
      ) : null}
    </section>
  );
}

type EndedStatus = Extract<RunStatus, 'completed' | 'cancelled' | 'stopped'>;

function isEnded(status: RunStatus): status is EndedStatus {
  return status === 'completed' || status === 'cancelled' || status === 'stopped';
}

function titleOf(status: EndedStatus): string {
  switch (status) {
    case 'completed':
      return 'Run finished';
    case 'cancelled':
      return 'Run cancelled';
    case 'stopped':
      return 'Run stopped';
    default:
      return assertNever(status, 'run status');
  }
}

function Fact({ label, value, testId }: { readonly label: string; readonly value: string; readonly testId: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
