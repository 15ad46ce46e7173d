import { estimateRun } from '../engine/estimate-run.ts';
import { checkExportFolder } from '../export/prepare-folder.ts';
import type { RunResult } from '../engine/run.ts';
import { StoreError } from '../store/store-error.ts';
import type { AppContext, CallHandlers } from './app-context.ts';
import { requireGoing, requireRunExists } from './app-context.ts';
import { runSnapshot } from './run-snapshot.ts';
import { startInBackground } from './start-in-background.ts';

type RunCalls = Pick<
  CallHandlers,
  | 'run.estimate'
  | 'run.create'
  | 'run.rename'
  | 'run.start'
  | 'run.retryFailed'
  | 'run.pause'
  | 'run.resume'
  | 'run.cancel'
  | 'run.setControls'
  | 'run.duplicate'
  | 'run.delete'
  | 'runs.list'
  | 'run.open'
>;

/** The calls on whole runs: plan, create, drive, list and open them. */
export function runCalls(context: AppContext): RunCalls {
  const { store, service, hub } = context;
  const inBackground = (runId: string, drive: () => Promise<RunResult>) =>
    startInBackground(service, runId, drive, (error) =>
      context.log(`Run ${runId} failed after it had started: ${error instanceof Error ? error.message : String(error)}`),
    );
  return {
    'run.estimate': async ({ settings, inputs }) => estimateRun({ tasks: inputs, settings }),
    'run.create': async ({ settings, inputs, outDir, name }) => {
      const folder = outDir === null ? null : context.folders.path(outDir);
      // Refused now, with the reason, rather than when the run starts.
      if (folder !== null) await checkExportFolder(folder);
      const runId = service.create({ settings, inputs, ...(folder !== null && { outDir: folder }), ...(name !== undefined && { name }) });
      hub.runsChanged();
      return { runId };
    },
    'run.rename': async ({ runId, name }) => {
      requireRunExists(context, runId);
      store.renameRun(runId, name);
      hub.runsChanged();
      return null;
    },
    'run.start': async ({ runId, budgetUsd }) => {
      await inBackground(runId, () => service.start(runId, undefined, budgetUsd === undefined ? {} : { budgetUsd }));
      return null;
    },
    'run.retryFailed': async ({ runId, budgetUsd }) => {
      await inBackground(runId, () => service.retryFailed(runId, budgetUsd === undefined ? {} : { budgetUsd }));
      return null;
    },
    'run.pause': async ({ runId }) => {
      requireGoing(context, runId, 'pause');
      service.pause(runId);
      return null;
    },
    'run.resume': async ({ runId }) => {
      requireGoing(context, runId, 'resume');
      service.resume(runId);
      return null;
    },
    'run.cancel': async ({ runId }) => {
      requireRunExists(context, runId);
      await service.cancel(runId); // resolves once every task has ended and run.finished is stored
      return null;
    },
    'run.setControls': async ({ runId, controls }) => {
      requireGoing(context, runId, 'adjust');
      service.setControls(runId, controls);
      store.updateLiveControls(runId, controls);
      return null;
    },
    'run.duplicate': async ({ runId }) => {
      const copy = service.duplicate(runId);
      hub.runsChanged();
      return { runId: copy };
    },
    'run.delete': async ({ runId }) => {
      if (!service.delete(runId)) throw new StoreError('not_found', `Run "${runId}" does not exist; it may have been deleted already. Reload the run list.`);
      hub.runsChanged();
      return null;
    },
    'runs.list': async () => store.listRuns(),
    'run.open': async ({ runId }) => {
      const snapshot = await runSnapshot(context, runId);
      // Sharing is told when it changes; a window that opens a going run late hears it now.
      service.tellQuotaStatus(runId);
      return snapshot;
    },
  };
}
