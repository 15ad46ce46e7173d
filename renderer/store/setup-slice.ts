import { defaultRunName } from '../../shared/domain/run-records.ts';
import type { RunSettings } from '../../shared/domain/settings.ts';
import type { FolderGrant, KeyStatus, SavedSettings } from '../../shared/ipc/contract.ts';
import { checkTemplate } from '../../shared/template.ts';
import type { SliceCreator } from './pacer-store.ts';
import type { FormatChoice, TopicsReading } from './read-topics.ts';
import type { StoredSetupDraft } from './setup-draft-storage.ts';
import { readTopics } from './read-topics.ts';
import type { SettingsDraft } from './settings-draft.ts';
import { DEFAULT_SETTINGS, draftFromSettings, settingsFromDraft } from './settings-draft.ts';

/** The setup screen: the topics, the settings being edited, the output folder, the key status. */
export interface SetupSlice {
  readonly topicsText: string;
  /** Set when the text came from a file (dropped, picked or opened); the paste box then shows the file instead. */
  readonly topicsFileName: string | null;
  readonly formatChoice: FormatChoice;
  /** The user's topic column for CSV/TSV; null: automatic. */
  readonly topicColumn: string | null;
  readonly topicsReading: TopicsReading;
  /** A file that could not be read at all (too large, binary, not UTF-8). */
  readonly fileError: string | null;
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
  setTopicsText(text: string): void;
  loadTopicsFile(name: string, text: string): void;
  /** The native open-file dialog (the app): 'unsupported' on the web host, which has none. */
  openTopicsDialog(): Promise<'opened' | 'cancelled' | 'unsupported'>;
  rejectTopicsFile(message: string): void;
  clearTopics(): void;
  setFormatChoice(choice: FormatChoice): void;
  setTopicColumn(column: string): void;
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

const EMPTY_READING: TopicsReading = { format: 'lines', parsed: null, columns: [], error: null };

export const createSetupSlice: SliceCreator<SetupSlice> = (set, get) => {
  const reread = (patch: Partial<Pick<SetupSlice, 'topicsText' | 'topicsFileName' | 'formatChoice' | 'topicColumn'>>) => {
    const next = { ...get(), ...patch };
    const topicsReading = readTopics(next.topicsText, { choice: next.formatChoice, fileName: next.topicsFileName, column: next.topicColumn });
    set({ ...patch, topicsReading, fileError: null });
  };

  return {
    topicsText: '',
    topicsFileName: null,
    formatChoice: 'auto',
    topicColumn: null,
    topicsReading: EMPTY_READING,
    fileError: null,
    draft: draftFromSettings(DEFAULT_SETTINGS),
    baseSettings: DEFAULT_SETTINGS,
    outDir: null,
    runName: '',
    keyStatus: null,
    starting: false,
    draftRestored: false,

    setTopicsText: (topicsText) => reread({ topicsText, topicsFileName: null }),
    // A new file has its own columns: the previous choice of column would not apply.
    loadTopicsFile: (name, text) => reread({ topicsText: text, topicsFileName: name, topicColumn: null, formatChoice: 'auto' }),
    async openTopicsDialog() {
      const result = await get().call('dialog.openTopicsFile', {});
      if (!result.ok) return 'cancelled'; // the call's own error is already shown as a toast
      if (!result.value.supported) return 'unsupported';
      if (!result.value.file) return 'cancelled';
      get().loadTopicsFile(result.value.file.name, result.value.file.text);
      set({ view: 'setup' });
      return 'opened';
    },
    rejectTopicsFile: (fileError) => set({ fileError }),
    clearTopics: () => set({ topicsText: '', topicsFileName: null, topicColumn: null, formatChoice: 'auto', topicsReading: EMPTY_READING, fileError: null }),
    setFormatChoice: (formatChoice) => reread({ formatChoice, topicColumn: null }),
    setTopicColumn: (topicColumn) => reread({ topicColumn }),
    updateDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
    applySavedSettings: (saved) =>
      set(get().draftRestored ? { baseSettings: saved.settings, outDir: saved.outDir } : { draft: draftFromSettings(saved.settings), baseSettings: saved.settings, outDir: saved.outDir }),
    setOutDir: (outDir) => set({ outDir }),
    setRunName: (runName) => set({ runName }),
    setKeyStatus: (keyStatus) => set({ keyStatus }),
    restoreSetupDraft(saved) {
      set({ draft: saved.draft, runName: saved.runName, draftRestored: true });
      const topics = { topicsFileName: saved.topicsFileName, formatChoice: saved.formatChoice, topicColumn: saved.topicColumn };
      if (saved.topicsText !== null) reread({ ...topics, topicsText: saved.topicsText });
      else set({ ...topics, topicsFileName: null, fileError: `${saved.topicsFileName ?? 'The topics file'} was too large to keep across a reload: drop or open it again.` });
    },

    async createAndStartRun() {
      const { draft, baseSettings, topicsReading, fileError, outDir, call, starting, runName, topicsFileName } = get();
      const built = settingsFromDraft(draft, baseSettings);
      const parsed = topicsReading.parsed;
      // The Run button is disabled in these cases; this guards a stray Enter.
      if (starting || fileError !== null || !built.ok || !parsed || checkTemplate(built.settings.promptTemplate, parsed.columns)) return;
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
        void call('run.start', { runId });
      } finally {
        set({ starting: false });
      }
    },
  };
};
