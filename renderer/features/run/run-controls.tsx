import { finishedCount } from '../../../shared/domain/task.ts';
import { isGoing } from '../../../shared/run-view/run-time.ts';
import { usePacer } from '../../store/store-context.tsx';

/**
 * Start / pause / resume / cancel / retry failed / export, each shown only when it applies. A run
 * that is not going (new, interrupted, cancelled, stopped) is started or resumed with run.start;
 * a paused one with run.resume.
 */
export function RunControls() {
  const phase = usePacer((s) => s.phase);
  const runStatus = usePacer((s) => s.runStatus);
  const failed = usePacer((s) => s.counts.failed);
  const unfinished = usePacer((s) => s.order.length - finishedCount(s.counts));
  const loading = usePacer((s) => s.detail === null);
  const runCommand = usePacer((s) => s.runCommand);
  const setExportOpen = usePacer((s) => s.setExportOpen);
  const going = isGoing(phase);
  const canStart = !going && runStatus !== null && runStatus !== 'completed' && unfinished > 0;

  return (
    <div className="run-controls" role="toolbar" aria-label="Run controls">
      {canStart ? (
        <button type="button" className="button-primary" data-testid="run-start" disabled={loading} onClick={() => void runCommand('start')}>
          {runStatus === 'created' ? 'Start' : 'Resume run'}
        </button>
      ) : null}
      {phase === 'running' ? (
        <button type="button" className="button-secondary" data-testid="run-pause" onClick={() => void runCommand('pause')}>
          Pause
        </button>
      ) : null}
      {phase === 'paused' ? (
        <button type="button" className="button-primary" data-testid="run-resume" onClick={() => void runCommand('resume')}>
          Resume
        </button>
      ) : null}
      {going ? (
        <button type="button" className="button-danger" data-testid="run-cancel" onClick={() => void runCommand('cancel')}>
          Cancel
        </button>
      ) : null}
      {!going && failed > 0 ? (
        <button type="button" className="button-secondary" data-testid="run-retry-failed" onClick={() => void runCommand('retryFailed')}>
          Retry {failed} failed
        </button>
      ) : null}
      <button type="button" className="button-secondary" data-testid="run-export-open" disabled={loading} onClick={() => setExportOpen(true)}>
        Export…
      </button>
    </div>
  );
}
