import { formatCount } from '../../components/format.ts';
import { usePacer } from '../../store/store-context.tsx';
import { EstimatePanel } from './estimate-panel.tsx';
import { useEstimate } from './use-estimate.ts';
import { useRunBlocker } from './use-run-blocker.ts';

/**
 * The bar along the bottom of Setup: what the run will cost and take, and the Run button with the
 * reason it is off. One line high where the window allows, so it never hides the form above it.
 */
export function RunBar() {
  const { blocker, settings, parsed } = useRunBlocker();
  const starting = usePacer((s) => s.starting);
  const createAndStartRun = usePacer((s) => s.createAndStartRun);
  const runnable = blocker === null && settings !== null && parsed !== null;
  const estimate = useEstimate(runnable ? settings : null, runnable ? parsed.tasks : null);

  return (
    <section className="card run-bar" aria-label="Run" data-testid="run-bar">
      <EstimatePanel state={estimate} blocker={blocker} />
      <div className="run-bar-action">
        {blocker ? (
          <p className="muted" data-testid="run-blocked-reason">
            {blocker.reason}
          </p>
        ) : null}
        <button type="button" className="button-primary button-large" data-testid="run-button" disabled={!runnable || starting} onClick={() => void createAndStartRun()}>
          {starting ? 'Starting…' : parsed ? `Run ${formatCount(parsed.tasks.length)} ${parsed.tasks.length === 1 ? 'topic' : 'topics'}` : 'Run'}
        </button>
      </div>
    </section>
  );
}
