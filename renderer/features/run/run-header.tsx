import { useEffect, useRef } from 'react';
import { BUDGET_REACHED } from '../../../shared/domain/events.ts';
import { formatCount, formatDateTime } from '../../components/format.ts';
import { PathText } from '../../components/path-text.tsx';
import { RunNameEditor } from '../../components/run-name-editor.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { usePacer } from '../../store/store-context.tsx';
import { RunControls } from './run-controls.tsx';
import { RunFigures } from './run-figures.tsx';

/** Which run this is (model, provider, when, where it writes) and its controls. */
export function RunHeader() {
  const detail = usePacer((s) => s.detail);
  const runStatus = usePacer((s) => s.runStatus);
  const exportsWritten = usePacer((s) => s.exportsWritten);
  // Pause lets the requests in flight finish: until they have, the run is pausing, not paused.
  const inFlight = usePacer((s) => (s.runStatus === 'paused' ? s.counts.running : 0));
  const budgetReached = usePacer((s) => s.runStatus === 'stopped' && s.runError?.code === BUDGET_REACHED);
  const focusTarget = usePacer((s) => s.focusTarget);
  const requestFocus = usePacer((s) => s.requestFocus);
  const title = useRef<HTMLHeadingElement>(null);
  // After Run, the focus follows the user to the run they started (keyboard and screen readers).
  useEffect(() => {
    if (focusTarget !== 'run-title' || !title.current) return;
    title.current.focus();
    requestFocus(null);
  }, [focusTarget, requestFocus, detail]);
  if (!detail || !runStatus) return null;
  const provider = detail.settings.provider.kind === 'simulator' ? 'simulator' : detail.settings.provider.baseURL;
  return (
    <header className="run-header">
      <div>
        <h2 className="run-title" tabIndex={-1} data-testid="run-title" ref={title}>
          <RunNameEditor runId={detail.id} name={detail.name} testId="run-name" /> <StatusBadge
            status={runStatus}
            testId="run-status"
            {...(inFlight > 0 && { label: 'pausing', detail: `finishing ${formatCount(inFlight)} in flight` })}
            {...(budgetReached && { label: 'budget reached', detail: 'raise the budget to resume' })}
          />
        </h2>
        <p className="muted">
          {formatCount(detail.total)} topics · {detail.model} · {provider} · created {formatDateTime(detail.createdAt)}
          {detail.outDir ? (
            <>
              {' · writing to '}
              <PathText path={detail.outDir} testId="run-out-dir" />
            </>
          ) : (
            ' · no output folder (export later)'
          )}
          {exportsWritten > 0 ? ` · ${formatCount(exportsWritten)} written here` : ''}
        </p>
      </div>
      <RunControls />
      <RunFigures />
    </header>
  );
}
