import type { TopicsReader } from '../topics/topics-reader.ts';
import { emptyFileMessage } from '../topics/topics-reader.ts';
import type { SliceCreator } from './pacer-store.ts';
import type { FormatChoice, ReadTopicsOptions, TopicsReading } from './read-topics.ts';
import { readTopics } from './read-topics.ts';

/**
 * The topics of the run being set up: pasted, or from a file. A file is read and parsed off the
 * window's thread with its progress shown; one that would replace topics already there is offered
 * first (Replace, or keep what is there), so nothing typed is lost to a stray drop; one that cannot
 * be used (empty, binary, not UTF-8) is refused with why and replaces nothing.
 */
export interface TopicsLoading {
  readonly phase: 'reading' | 'parsing';
  readonly name: string;
  readonly loaded: number;
  readonly total: number;
}

export interface PendingFile {
  readonly name: string;
  readonly text: string;
  readonly reading: TopicsReading;
}

export interface TopicsSlice {
  readonly topicsText: string;
  /** Set when the text came from a file (dropped, picked or opened); the paste box then shows the file instead. */
  readonly topicsFileName: string | null;
  readonly formatChoice: FormatChoice;
  /** The user's topic column for CSV/TSV; null: automatic. */
  readonly topicColumn: string | null;
  readonly topicsReading: TopicsReading;
  /** A file that could not be used (empty, too large, binary, not UTF-8); the topics there before stay. */
  readonly fileError: string | null;
  /** A file being read or parsed; the run waits for it. */
  readonly topicsLoading: TopicsLoading | null;
  /** A file read while other topics were there: it replaces them only if the user says so. */
  readonly pendingFile: PendingFile | null;
  setTopicsText(text: string): void;
  /** A dropped or picked file. */
  loadFile(file: File): Promise<void>;
  /** A file main read (the desktop app's open dialog), as its text. */
  receiveTopicsFile(name: string, text: string): Promise<void>;
  /** The native open-file dialog (the app): 'unsupported' on the web host, which has none. */
  openTopicsDialog(): Promise<'opened' | 'cancelled' | 'unsupported'>;
  replaceWithPendingFile(): void;
  keepCurrentTopics(): void;
  dismissFileError(): void;
  clearTopics(): void;
  setFormatChoice(choice: FormatChoice): void;
  setTopicColumn(column: string): void;
  /** Puts back topics kept across a reload (setup-draft-storage.ts). */
  restoreTopics(topics: Pick<TopicsSlice, 'topicsText' | 'topicsFileName' | 'formatChoice' | 'topicColumn'>): void;
}

/** Up to this much text is parsed at once, as it is typed; more goes to the reader (a worker). */
export const SYNC_PARSE_CHARS = 200_000;

const EMPTY_READING: TopicsReading = { format: 'lines', parsed: null, columns: [], error: null };

type TopicsSource = Pick<TopicsSlice, 'topicsText' | 'topicsFileName' | 'formatChoice' | 'topicColumn'>;

export const createTopicsSlice =
  (reader: TopicsReader): SliceCreator<TopicsSlice> =>
  (set, get) => {
    // The latest read or parse wins; an older one finishing late is dropped.
    let latest = 0;

    const optionsOf = (source: TopicsSource): ReadTopicsOptions => ({ choice: source.formatChoice, fileName: source.topicsFileName, column: source.topicColumn });

    const reread = (patch: Partial<TopicsSource>) => {
      const next = { ...get(), ...patch };
      const token = ++latest;
      if (next.topicsText.length <= SYNC_PARSE_CHARS) {
        set({ ...patch, topicsReading: readTopics(next.topicsText, optionsOf(next)), fileError: null, topicsLoading: null });
        return;
      }
      const size = next.topicsText.length;
      set({ ...patch, fileError: null, topicsLoading: { phase: 'parsing', name: next.topicsFileName ?? 'the pasted text', loaded: size, total: size } });
      void reader.parse(next.topicsText, optionsOf(next)).then((topicsReading) => {
        if (token === latest) set({ topicsReading, topicsLoading: null });
      });
    };

    /** A file that is fine: used at once, or offered when it would replace topics already there. */
    const offer = (file: PendingFile) => {
      if (get().topicsText.trim() === '') use(file);
      else set({ pendingFile: file, fileError: null });
    };

    const use = (file: PendingFile) =>
      set({ topicsText: file.text, topicsFileName: file.name, formatChoice: 'auto', topicColumn: null, topicsReading: file.reading, fileError: null, pendingFile: null });

    const fresh = (name: string): ReadTopicsOptions => ({ choice: 'auto', fileName: name, column: null });

    return {
      topicsText: '',
      topicsFileName: null,
      formatChoice: 'auto',
      topicColumn: null,
      topicsReading: EMPTY_READING,
      fileError: null,
      topicsLoading: null,
      pendingFile: null,

      setTopicsText: (topicsText) => reread({ topicsText, topicsFileName: null }),

      async loadFile(file) {
        const token = ++latest;
        set({ topicsLoading: { phase: 'reading', name: file.name, loaded: 0, total: file.size }, view: 'setup' });
        const result = await reader.readFile(file, fresh(file.name), (progress) => {
          if (token === latest) set({ topicsLoading: { ...progress, name: file.name } });
        });
        if (token !== latest) return;
        set({ topicsLoading: null });
        if (!result.ok) set({ fileError: result.message, pendingFile: null });
        else offer({ name: file.name, text: result.text, reading: result.reading });
      },

      async receiveTopicsFile(name, text) {
        if (text.replace(/^\uFEFF/, '').trim() === '') return set({ fileError: emptyFileMessage(name, text.length), pendingFile: null, view: 'setup' });
        const token = ++latest;
        set({ view: 'setup', ...(text.length > SYNC_PARSE_CHARS && { topicsLoading: { phase: 'parsing', name, loaded: text.length, total: text.length } }) });
        const reading = text.length > SYNC_PARSE_CHARS ? await reader.parse(text, fresh(name)) : readTopics(text, fresh(name));
        if (token !== latest) return;
        set({ topicsLoading: null });
        offer({ name, text, reading });
      },

      async openTopicsDialog() {
        const result = await get().call('dialog.openTopicsFile', {});
        if (!result.ok) return 'cancelled'; // the call's own error is already shown as a toast
        if (!result.value.supported) return 'unsupported';
        if (!result.value.file) return 'cancelled';
        await get().receiveTopicsFile(result.value.file.name, result.value.file.text);
        return 'opened';
      },

      replaceWithPendingFile() {
        const pending = get().pendingFile;
        if (pending) use(pending);
      },
      keepCurrentTopics: () => set({ pendingFile: null }),
      dismissFileError: () => set({ fileError: null }),
      clearTopics() {
        latest++;
        set({ topicsText: '', topicsFileName: null, topicColumn: null, formatChoice: 'auto', topicsReading: EMPTY_READING, fileError: null, topicsLoading: null, pendingFile: null });
      },
      setFormatChoice: (formatChoice) => reread({ formatChoice, topicColumn: null }),
      setTopicColumn: (topicColumn) => reread({ topicColumn }),
      restoreTopics: (topics) => reread(topics),
    };
  };
