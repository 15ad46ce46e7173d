import type { RunResult } from '../engine/run.ts';
import type { RunService } from '../runs/run-service.ts';

/**
 * Starts a run without waiting for it to end: the call that asked answers as soon as the run has
 * started (its `run.started` event has been stored and sent), or with the error that kept it from
 * starting ('run_active', 'not_found', an export folder it cannot use). What happens after that is
 * the run's business and reaches the UI as events, ending with exactly one run.finished.
 */
export function startInBackground(
  service: RunService,
  runId: string,
  drive: () => Promise<RunResult>,
  onLateError: (error: unknown) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let started = false;
    const off = service.on((event) => {
      if (event.type === 'run.started' && event.runId === runId) {
        started = true;
        off();
        resolve();
      }
    });
    drive().then(
      () => {
        off();
        resolve(); // ended without a run.started of its own: nothing was left to start
      },
      (error: unknown) => {
        off();
        if (started) onLateError(error);
        else reject(error);
      },
    );
  });
}
