import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { PacerState, PacerStore } from './pacer-store.ts';

const StoreContext = createContext<PacerStore | null>(null);

export function PacerStoreProvider({ store, children }: { readonly store: PacerStore; readonly children: ReactNode }) {
  return <StoreContext value={store}>{children}</StoreContext>;
}

export function usePacerStore(): PacerStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('usePacer needs a <PacerStoreProvider> above it.');
  return store;
}

/** Subscribes to one slice of state; re-renders only when the selected value changes (Object.is). */
export function usePacer<T>(selector: (state: PacerState) => T): T {
  return useStore(usePacerStore(), selector);
}
