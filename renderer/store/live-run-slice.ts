import type { WireEvent } from '../../shared/ipc/contract.ts';
import type { LiveControls } from '../../shared/domain/settings.ts';
import { applyHistoryEvents } from './apply-history-events.ts';
import { applyRunEvents } from './apply-run-events.ts';
import type { LimitsChange, LiveRunData } from './live-run-data.ts';
import { emptyLiveRun, fromSnapshot } from './live-run-data.ts';
import type { PacerState, SliceCreator } from './pacer-store.ts';

export type RunCommand = 'start' | 'pause' | 'resume' | 'cancel' | 'retryFailed';

export interface LiveRunSlice extends LiveRunData {
  /** Shows a run in the run view: fetches its snapshot, then follows its events. */
  openRun(runId: string): Promise<void>;
  closeRun(): void;
  /** One `service.events` batch: ONE `set` for history and open run together. */
  applyServiceEvents(events: readonly WireEvent[]): void;
  /** Replaces the open run with a fresh snapshot (after a seq gap or a reconnect). */
  resync(): void;
  runCommand(command: RunCommand): Promise<void>;
  /** Resumes the open run (stopped at its budget) with a new budget; false when main refused. */
  resumeWithBudget(budgetUsd: number): Promise<boolean>;
  /** Changes RPM/TPM/workers of the open run while it goes; false when main refused. */
  setControls(controls: LiveControls): Promise<boolean>;
}

const COMMAND_CALLS = {
  start: 'run.start',
  pause: 'run.pause',
  resume: 'run.resume',
  cancel: 'run.cancel',
  retryFailed: 'run.retryFailed',
} as const satisfies Record<RunCommand, string>;

/** Events that change a run's counts in the history list. */
const FINISHING: ReadonlySet<WireEvent['type']> = new Set(['task.done', 'task.needs_review', 'task.failed', 'task.skipped', 'task.cancelled']);

/** A snapshot whose buffered events still do not line up is refetched after a growing pause, up to this. */
const MAX_RESYNC_DELAY_MS = 5_000;

export const createLiveRunSlice: SliceCreator<LiveRunSlice> = (set, get) => {
  // Open-run events that arrived while a snapshot was loading. Not state: nothing renders them.
  let buffered: WireEvent[] = [];
  let failedResyncs = 0;

  const fetchSnapshot = async (runId: string): Promise<void> => {
    const result = await get().call('run.open', { runId });
    if (get().openRunId !== runId) return;
    if (!result.ok) {
      buffered = [];
      // Nothing to show for a run that never opened; an open one keeps its last state.
      set(get().detail === null ? { ...emptyLiveRun(), view: 'history' } : { syncing: false });
      return;
    }
    const state = get();
    const snapshot = fromSnapshot(result.value);
    const last = state.limitsHistory.at(-1);
    const limitsHistory: readonly LimitsChange[] =
      last?.rpm === snapshot.limits.rpm && last.tpm === snapshot.limits.tpm ? state.limitsHistory : [...state.limitsHistory, { at: Date.now(), ...snapshot.limits }];
    const pending = buffered;
    buffered = [];
    const applied = applyRunEvents({ ...state, ...snapshot, limitsHistory }, pending);
    if (applied.gap) {
      // The snapshot is older than events already here: keep them and ask again, more slowly each time.
      buffered = [...pending, ...buffered];
      set({ ...snapshot, limitsHistory });
      const delay = Math.min(MAX_RESYNC_DELAY_MS, 250 * 2 ** failedResyncs++);
      setTimeout(() => void (get().openRunId === runId && fetchSnapshot(runId)), delay);
      return;
    }
    failedResyncs = 0;
    set({ ...snapshot, limitsHistory, ...applied.patch, syncing: false });
  };

  return {
    ...emptyLiveRun(),

    async openRun(runId) {
      buffered = [];
      failedResyncs = 0;
      set({ ...emptyLiveRun(), openRunId: runId, syncing: true, selectedTaskId: null, statusFilter: 'all', search: '', exportOpen: false, view: 'run' } satisfies Partial<PacerState>);
      await fetchSnapshot(runId);
    },

    closeRun() {
      buffered = [];
      set({ ...emptyLiveRun(), selectedTaskId: null, exportOpen: false, view: get().view === 'run' ? 'history' : get().view });
    },

    applyServiceEvents(events) {
      const state = get();
      const runs = applyHistoryEvents(state.runs, events);
      let patch: Partial<PacerState> = runs === state.runs ? {} : { runs };
      let resync = false;
      const runId = state.openRunId;
      if (runId !== null && events.some((event) => event.runId === runId)) {
        if (state.syncing) {
          buffered.push(...events.filter((event) => event.runId === runId));
        } else {
          const applied = applyRunEvents(state, events);
          if (applied.gap) {
            // The snapshot fetched next already includes these; the ones after it are kept.
            buffered = events.filter((event) => event.runId === runId);
            patch = { ...patch, syncing: true };
            resync = true;
          } else {
            patch = { ...patch, ...applied.patch };
          }
        }
      }
      if (Object.keys(patch).length > 0) set(patch);
      if (resync && runId !== null) void fetchSnapshot(runId);
      if (events.some((event) => FINISHING.has(event.type))) get().refreshRunsSoon();
    },

    resync() {
      const { openRunId, syncing } = get();
      if (openRunId === null || syncing) return;
      set({ syncing: true });
      void fetchSnapshot(openRunId);
    },

    async runCommand(command) {
      const runId = get().openRunId;
      if (runId === null) return;
      await get().call(COMMAND_CALLS[command], { runId });
    },

    async resumeWithBudget(budgetUsd) {
      const runId = get().openRunId;
      if (runId === null) return false;
      return (await get().call('run.start', { runId, budgetUsd })).ok;
    },

    async setControls(controls) {
      const runId = get().openRunId;
      if (runId === null) return false;
      const applied = (await get().call('run.setControls', { runId, controls })).ok;
      // Main keeps them with the run's settings too (a later window or a resume sees them); the
      // form reads the settings, so a fixed pool size set here no longer reads "auto".
      const { detail } = get();
      const changed = Object.fromEntries(Object.entries(controls).filter(([, value]) => value !== undefined));
      if (applied && detail?.id === runId) set({ detail: { ...detail, settings: { ...detail.settings, ...changed } } });
      return applied;
    },
  };
};
