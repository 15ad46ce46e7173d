import { useCallback } from 'react';
import { usePacerStore } from '../../store/store-context.tsx';
import { readTopicsFile } from './read-topics-file.ts';

/** Reads a dropped or picked file into the topics box and shows the setup screen. */
export function useLoadTopicsFile(): (file: File) => Promise<void> {
  const store = usePacerStore();
  return useCallback(
    async (file: File) => {
      const reading = await readTopicsFile(file);
      const state = store.getState();
      if (reading.ok) state.loadTopicsFile(file.name, reading.text);
      else state.rejectTopicsFile(reading.message);
      state.setView('setup');
    },
    [store],
  );
}
