import { finishedCount } from '../../../shared/domain/task.ts';
import { isGoing } from '../../../shared/run-view/run-time.ts';
import { formatCount } from '../../components/format.ts';
import { usePacer } from '../../store/store-context.tsx';

/**
 * A run is going but this window is not showing it (another window started it, or the user went
 * to Setup or History): say so, with its progress, and take the user there in one click.
 */
export function GoingRunBanner() {
  const going = usePacer((s) => s.runs.find((run) => isGoing(run.status) && !(s.view === 'run' && s.openRunId === run.id)));
  const openCounts = usePacer((s) => (going && s.openRunId === going.id && s.detail ? s.counts : null));
  const openRunId = usePacer((s) => s.openRunId);
  const openRun = usePacer((s) => s.openRun);
  const setView = usePacer((s) => s.setView);
  if (!going) return null;
  const counts = openCounts ?? going.counts;
  return (
    <div className="banner banner-info" role="status" data-testid="going-run-banner" data-run-id={going.id} data-status={going.status}>
      <p>
        <strong>{going.name}</strong> is {going.status}: {formatCount(finishedCount(counts))} / {formatCount(going.total)} finished.
      </p>
      <button type="button" className="button-primary" data-testid="going-run-show" onClick={() => (openRunId === going.id ? setView('run') : void openRun(going.id))}>
        Show run
      </button>
    </div>
  );
}
