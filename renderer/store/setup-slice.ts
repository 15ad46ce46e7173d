import { defaultRunName } from '../../shared/domain/run-records.ts';
import type { RunSettings } from '../../shared/domain/settings.ts';
import type { FolderGrant, KeyStatus, SavedSettings } from '../../shared/ipc/contract.ts';
import { checkTemplate } from '../../shared/template.ts';
import type { SliceCreator } from './pacer-store.ts';
import type { StoredSetupDraft } from './setup-draft-storage.ts';
import type { SettingsDraft } from './settings-draft.ts';
import { draftResultOf } from './draft-result.ts';
import { DEFAULT_SETTINGS, draftFromSettings } from './settings-draft.ts';

/** The setup screen: the topics, the settings being edited, the output folder, the key status. */
/** The setup screen besides its topics (topics-slice.ts): the settings being edited, the output folder, the run's name, the key status. */
export interface SetupSlice {
  readonly draft: SettingsDraft;
  /** The loaded settings: supplies what the form does not show (backoff delays, timeout). */
  readonly baseSettings: RunSettings;
  /** Where each article is written as it finishes, as main handed it out; null: export later. */
  readonly outDir: FolderGrant | null;
  /** The new run's name as typed; blank: its file's name or first topic (defaultRunName). */
  readonly runName: string;
  readonly keyStatus: KeyStatus | null;
  /** run.create / run.start are on their way. */
  readonly starting: boolean;
  /** The form was restored from this window's draft: it is newer than the saved settings. */
  readonly draftRestored: boolean;
  updateDraft(patch: Partial<SettingsDraft>): void;
  applySavedSettings(saved: SavedSettings): void;
  setOutDir(outDir: FolderGrant | null): void;
  setRunName(runName: string): void;
  setKeyStatus(status: KeyStatus): void;
  /** The draft this window had before a reload (setup-draft-storage.ts); saved settings then no longer replace the form. */
  restoreSetupDraft(saved: StoredSetupDraft): void;
  /** Saves the settings, creates the run, opens it in the run view and starts it. */
  createAndStartRun(): Promise<void>;
}

export const createSetupSlice: SliceCreator<SetupSlice> = (set, get) => {
  return {
    draft: draftFromSettings(DEFAULT_SETTINGS),
    baseSettings: DEFAULT_SETTINGS,
    outDir: null,
    runName: '',
    keyStatus: null,
    starting: false,
    draftRestored: false,

    updateDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
    applySavedSettings: (saved) =>
      set(get().draftRestored ? { baseSettings: saved.settings, outDir: saved.outDir } : { draft: draftFromSettings(saved.settings), baseSettings: saved.settings, outDir: saved.outDir }),
    setOutDir: (outDir) => set({ outDir }),
    setRunName: (runName) => set({ runName }),
    setKeyStatus: (keyStatus) => set({ keyStatus }),
    restoreSetupDraft(saved) {
      set({ draft: saved.draft, runName: saved.runName, draftRestored: true });
      const topics = { topicsFileName: saved.topicsFileName, formatChoice: saved.formatChoice, topicColumn: saved.topicColumn };
      if (saved.topicsText !== null) get().restoreTopics({ ...topics, topicsText: saved.topicsText });
      else set({ ...topics, topicsFileName: null, fileError: `${saved.topicsFileName ?? 'The topics file'} was too large to keep across a reload: drop or open it again.` });
    },

    async createAndStartRun() {
      const { draft, baseSettings, topicsReading, fileError, outDir, call, starting, runName, topicsFileName, topicsLoading, pendingFile } = get();
      const built = draftResultOf(draft, baseSettings);
      const parsed = topicsReading.parsed;
      // The Run button is disabled in these cases; this guards a stray Enter.
      if (starting || fileError !== null || topicsLoading !== null || pendingFile !== null || !built.ok || !parsed || checkTemplate(built.settings.promptTemplate, parsed.columns)) return;
      set({ starting: true });
      try {
        const folder = outDir?.handle ?? null;
        // Remembering the settings is a convenience: a failure (toasted) does not block the run.
        await call('settings.save', { settings: built.settings, outDir: folder });
        const name = runName.trim() || defaultRunName(parsed.tasks[0]?.topic ?? '', topicsFileName);
        const created = await call('run.create', { settings: built.settings, inputs: parsed.tasks, outDir: folder, name });
        if (!created.ok) return;
        const { runId } = created.value;
        // Open before starting, so the snapshot's seq is the one the first live event follows.
        await get().openRun(runId);
        get().requestFocus('run-title');
        void call('run.start', { runId });
      } finally {
        set({ starting: false });
      }
    },
  };
};
