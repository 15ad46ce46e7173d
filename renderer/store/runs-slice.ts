import type { RunSummary } from '../../shared/domain/run-records.ts';
import { isGoing } from '../../shared/run-view/run-time.ts';
import type { PacerState, SliceCreator } from './pacer-store.ts';

/** The history: every stored run, newest first as main lists them, and what can be done to one. */
export interface RunsSlice {
  readonly runs: readonly RunSummary[];
  readonly runsLoaded: boolean;
  loadRuns(): Promise<void>;
  /**
   * Reloads the list at most every RUNS_REFRESH_MS while runs make progress and someone reads
   * their counts (listWatched): main sends runs.changed only for run-level changes, and a going
   * run's counts would otherwise stand still.
   */
  refreshRunsSoon(): void;
  /** Opens the run in the run view and starts what is left (interrupted, cancelled, stopped or never started). */
  resumeStoredRun(runId: string): Promise<void>;
  retryFailedRun(runId: string): Promise<void>;
  /** Copies the run (settings, topics, edited prompts) and opens the copy, ready to start. */
  duplicateRun(runId: string): Promise<void>;
  deleteRun(runId: string): Promise<void>;
  /** Renames a run in the list and, when it is open, in the run view; false when main refused. */
  renameRun(runId: string, name: string): Promise<boolean>;
}

export const RUNS_REFRESH_MS = 2_000;

/**
 * Whether anything on screen shows the list's task counts: History, or the banner of a run going
 * that this window does not have open (its own open run's banner counts live). Otherwise a 10,000
 * task run would reload the list every 2 s for no one; History loads it again when it is shown.
 */
function listWatched(state: Pick<PacerState, 'view' | 'runs' | 'openRunId'>): boolean {
  return state.view === 'history' || state.runs.some((run) => isGoing(run.status) && run.id !== state.openRunId);
}

export const createRunsSlice: SliceCreator<RunsSlice> = (set, get) => {
  let refresh: ReturnType<typeof setTimeout> | undefined;
  return {
    runs: [],
    runsLoaded: false,

    async loadRuns() {
      const result = await get().call('runs.list', {});
      if (result.ok) set({ runs: result.value, runsLoaded: true });
    },

    refreshRunsSoon() {
      if (refresh !== undefined || !listWatched(get())) return;
      refresh = setTimeout(() => {
        refresh = undefined;
        if (listWatched(get())) void get().loadRuns();
      }, RUNS_REFRESH_MS);
    },

    async resumeStoredRun(runId) {
      await get().openRun(runId);
      await get().call('run.start', { runId });
    },

    async retryFailedRun(runId) {
      await get().openRun(runId);
      await get().call('run.retryFailed', { runId });
    },

    async duplicateRun(runId) {
      const result = await get().call('run.duplicate', { runId });
      if (!result.ok) return;
      void get().loadRuns();
      await get().openRun(result.value.runId);
    },

    async renameRun(runId, name) {
      const result = await get().call('run.rename', { runId, name });
      if (!result.ok) return false;
      const trimmed = name.trim();
      set((s) => ({
        runs: s.runs.map((run) => (run.id === runId ? { ...run, name: trimmed } : run)),
        ...(s.openRunId === runId && s.detail ? { detail: { ...s.detail, name: trimmed } } : {}),
      }));
      return true;
    },

    async deleteRun(runId) {
      const result = await get().call('run.delete', { runId });
      if (!result.ok) return;
      if (get().openRunId === runId) get().closeRun();
      set((s) => ({ runs: s.runs.filter((run) => run.id !== runId) }));
    },
  };
};
