import { usePacer } from '../../store/store-context.tsx';
import { StoppedRunBanner } from '../banners/stopped-run-banner.tsx';
import { ChartCard } from '../chart/chart-card.tsx';
import { ExportDialog } from '../export/export-dialog.tsx';
import { TaskDetailPanel } from '../task-detail/task-detail-panel.tsx';
import { BatchesPanel } from './batches-panel.tsx';
import { ExportFailuresNotice } from './export-failures-notice.tsx';
import { KeyGauges } from './key-gauges.tsx';
import { LiveControlsForm } from './live-controls-form.tsx';
import { RunHeader } from './run-header.tsx';
import { RunProgress } from './run-progress.tsx';
import { RunSummary } from './run-summary.tsx';
import { TaskList } from './task-list.tsx';
import '../../styles/run.css';

/** The open run: controls, counts, limits, chart, the task table and the selected task's detail. */
export function RunView() {
  const openRunId = usePacer((s) => s.openRunId);
  const loaded = usePacer((s) => s.detail !== null);
  const exportOpen = usePacer((s) => s.exportOpen);
  const setView = usePacer((s) => s.setView);

  if (openRunId === null) {
    return (
      <section className="card run-empty" data-testid="run-view-empty">
        <p>No run is open.</p>
        <p>
          <button type="button" className="button-link" onClick={() => setView('setup')}>
            Set up a run
          </button>{' '}
          or{' '}
          <button type="button" className="button-link" onClick={() => setView('history')}>
            open one from History
          </button>
          .
        </p>
      </section>
    );
  }
  if (!loaded) {
    return (
      <p className="muted run-loading" data-testid="run-view-loading" aria-busy="true">
        Opening the run…
      </p>
    );
  }
  return (
    <div className="run-view" data-testid="run-view" data-run-id={openRunId}>
      <div className="run-main">
        <RunHeader />
        <StoppedRunBanner />
        <RunSummary />
        <ExportFailuresNotice />
        <RunProgress />
        <LiveControlsForm />
        <BatchesPanel />
        <KeyGauges />
        <ChartCard />
        <TaskList />
      </div>
      <TaskDetailPanel />
      {exportOpen ? <ExportDialog /> : null}
    </div>
  );
}
