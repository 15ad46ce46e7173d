import type { PacerState, PacerStore } from './pacer-store.ts';
import type { FormatChoice } from './read-topics.ts';
import type { SettingsDraft } from './settings-draft.ts';
import { draftFromSettings, DEFAULT_SETTINGS } from './settings-draft.ts';

/**
 * The Setup screen as the user left it (topics, file, column, every settings field), kept in the
 * window's localStorage so a reload, or a window closed and reopened, loses none of it. Written a
 * moment after the last change and at once when the page goes away. A file too large for
 * localStorage keeps only its name, and the restored screen asks for the file again.
 */
export const SETUP_DRAFT_KEY = 'pacer.setup-draft.v1';
/** localStorage holds about 5 M characters per origin; the topics must leave room for the rest. */
export const MAX_STORED_TOPICS_CHARS = 2_000_000;
const WRITE_DELAY_MS = 300;

export interface StoredSetupDraft {
  /** null: the file's text was too large to keep; only its name was. */
  readonly topicsText: string | null;
  readonly topicsFileName: string | null;
  readonly formatChoice: FormatChoice;
  readonly topicColumn: string | null;
  readonly draft: SettingsDraft;
  readonly runName: string;
}

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const FORMATS: readonly FormatChoice[] = ['auto', 'lines', 'csv', 'tsv'];
const DRAFT_FIELDS = Object.keys(draftFromSettings(DEFAULT_SETTINGS)) as (keyof SettingsDraft)[];

export function setupDraftOf(state: Pick<PacerState, 'topicsText' | 'topicsFileName' | 'formatChoice' | 'topicColumn' | 'draft' | 'runName'>): StoredSetupDraft {
  return {
    topicsText: state.topicsText.length > MAX_STORED_TOPICS_CHARS ? null : state.topicsText,
    topicsFileName: state.topicsFileName,
    formatChoice: state.formatChoice,
    topicColumn: state.topicColumn,
    draft: state.draft,
    runName: state.runName,
  };
}

/** The stored draft, or null when there is none or it is not one this version wrote (then it is ignored). */
export function loadSetupDraft(storage: DraftStorage): StoredSetupDraft | null {
  let value: unknown;
  try {
    value = JSON.parse(storage.getItem(SETUP_DRAFT_KEY) ?? 'null');
  } catch {
    return null;
  }
  // A draft saved before a field existed gets that field's default rather than being thrown away.
  if (typeof value === 'object' && value !== null && typeof (value as { draft?: unknown }).draft === 'object') {
    const stored = value as { draft: object | null };
    if (stored.draft !== null) stored.draft = { ...draftFromSettings(DEFAULT_SETTINGS), ...stored.draft };
  }
  return isStoredSetupDraft(value) ? value : null;
}

/** Keeps the stored draft current; returns the disposer (which writes what is pending). */
export function persistSetupDraft(store: PacerStore, storage: DraftStorage, page: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = JSON.stringify(setupDraftOf(store.getState()));
  const write = () => {
    clearTimeout(timer);
    timer = undefined;
    const text = JSON.stringify(setupDraftOf(store.getState()));
    if (text === last) return;
    last = text;
    try {
      storage.setItem(SETUP_DRAFT_KEY, text);
    } catch {
      // Full or disabled storage: the draft is a convenience, the screen itself still holds it.
    }
  };
  const unsubscribe = store.subscribe((state, previous) => {
    const changed =
      state.topicsText !== previous.topicsText ||
      state.topicsFileName !== previous.topicsFileName ||
      state.formatChoice !== previous.formatChoice ||
      state.topicColumn !== previous.topicColumn ||
      state.draft !== previous.draft ||
      state.runName !== previous.runName;
    if (changed && timer === undefined) timer = setTimeout(write, WRITE_DELAY_MS);
  });
  page.addEventListener('pagehide', write);
  return () => {
    write();
    unsubscribe();
    page.removeEventListener('pagehide', write);
  };
}

function isStoredSetupDraft(value: unknown): value is StoredSetupDraft {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const draft = v.draft as Record<string, unknown> | null | undefined;
  return (
    (v.topicsText === null || typeof v.topicsText === 'string') &&
    (v.topicsFileName === null || typeof v.topicsFileName === 'string') &&
    (v.topicColumn === null || typeof v.topicColumn === 'string') &&
    typeof v.runName === 'string' &&
    FORMATS.includes(v.formatChoice as FormatChoice) &&
    typeof draft === 'object' &&
    draft !== null &&
    DRAFT_FIELDS.every((field) => typeof draft[field] === 'string') &&
    ['simulator', 'openai', 'custom'].includes(draft.provider as string)
  );
}
