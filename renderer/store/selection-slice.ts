import type { SliceCreator } from './pacer-store.ts';

export interface SelectionSlice {
  /** The task the detail panel shows, in the open run. */
  readonly selectedTaskId: string | null;
  selectTask(taskId: string | null): void;
}

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set) => ({
  selectedTaskId: null,
  selectTask: (selectedTaskId) => set({ selectedTaskId }),
});
