import { useCallback } from 'react';
import { usePacerStore } from '../../store/store-context.tsx';

/** Reads a dropped or picked file into the topics (off the window's thread) and shows the setup screen. */
export function useLoadTopicsFile(): (file: File) => Promise<void> {
  const store = usePacerStore();
  return useCallback((file: File) => store.getState().loadFile(file), [store]);
}
