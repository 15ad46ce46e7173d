import type { PacerError } from '../../shared/domain/errors.ts';
import type { TaskStatus } from '../../shared/domain/task.ts';
import type { SliceCreator } from './pacer-store.ts';

export type View = 'setup' | 'run' | 'review' | 'history';
export type StatusFilter = 'all' | TaskStatus;

export interface Toast extends PacerError {
  readonly id: number;
}

/** At most this many toasts stay on screen; older ones give way. */
const MAX_TOASTS = 4;

export interface UiSlice {
  readonly view: View;
  readonly statusFilter: StatusFilter;
  readonly search: string;
  readonly toasts: readonly Toast[];
  readonly exportOpen: boolean;
  /** The "runs were interrupted" banner was dismissed for this session. */
  readonly interruptedDismissed: boolean;
  /** The keyboard shortcuts overlay (`?`). */
  readonly shortcutsOpen: boolean;
  /** Where the focus goes once that screen has drawn (the run view, after a start). */
  readonly focusTarget: 'run-title' | null;
  setView(view: View): void;
  setStatusFilter(filter: StatusFilter): void;
  setSearch(search: string): void;
  pushToast(error: PacerError): void;
  dismissToast(id: number): void;
  setExportOpen(open: boolean): void;
  dismissInterrupted(): void;
  setShortcutsOpen(open: boolean): void;
  requestFocus(target: 'run-title' | null): void;
}

export const createUiSlice: SliceCreator<UiSlice> = (set) => {
  let nextToastId = 1;
  return {
    view: 'setup',
    statusFilter: 'all',
    search: '',
    toasts: [],
    exportOpen: false,
    interruptedDismissed: false,
    shortcutsOpen: false,
    focusTarget: null,
    setView: (view) => set({ view }),
    setStatusFilter: (statusFilter) => set({ statusFilter }),
    setSearch: (search) => set({ search }),
    pushToast: (error) => set((s) => ({ toasts: [...s.toasts, { id: nextToastId++, code: error.code, message: error.message }].slice(-MAX_TOASTS) })),
    dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((toast) => toast.id !== id) })),
    setExportOpen: (exportOpen) => set({ exportOpen }),
    dismissInterrupted: () => set({ interruptedDismissed: true }),
    setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
    requestFocus: (focusTarget) => set({ focusTarget }),
  };
};
