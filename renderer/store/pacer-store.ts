import { createStore } from 'zustand/vanilla';
import type { StateCreator, StoreApi } from 'zustand/vanilla';
import type { AppBridge } from '../bridge/connection.ts';
import type { LiveRunSlice } from './live-run-slice.ts';
import { createLiveRunSlice } from './live-run-slice.ts';
import type { RunsSlice } from './runs-slice.ts';
import { createRunsSlice } from './runs-slice.ts';
import type { SelectionSlice } from './selection-slice.ts';
import { createSelectionSlice } from './selection-slice.ts';
import type { SessionSlice } from './session-slice.ts';
import { createSessionSlice } from './session-slice.ts';
import type { SetupSlice } from './setup-slice.ts';
import { createSetupSlice } from './setup-slice.ts';
import type { UiSlice } from './ui-slice.ts';
import type { TopicsSlice } from './topics-slice.ts';
import { createTopicsSlice } from './topics-slice.ts';
import type { TopicsReader } from '../topics/topics-reader.ts';
import { inlineTopicsReader } from '../topics/topics-reader.ts';
import { createUiSlice } from './ui-slice.ts';

/**
 * The renderer's one store, made of slices (style rule 11): session (bridge calls, connection,
 * app info), ui (view, filters, toasts), topics, setup (settings draft, folder, name), runs (history), the
 * live run (tasks by id, counts, phase, limits) and the selection. A factory, not a module
 * singleton, so every test gets its own store over its own fake bridge.
 */
export type PacerState = SessionSlice & UiSlice & TopicsSlice & SetupSlice & RunsSlice & LiveRunSlice & SelectionSlice;
export type PacerStore = StoreApi<PacerState>;
export type SliceCreator<T> = StateCreator<PacerState, [], [], T>;

export interface PacerStoreOptions {
  /** How files are read and topics parsed: in a Web Worker in the browser. @default inline */
  readonly topicsReader?: TopicsReader;
}

export function createPacerStore(bridge: AppBridge, options: PacerStoreOptions = {}): PacerStore {
  return createStore<PacerState>()((...args) => ({
    ...createSessionSlice(bridge)(...args),
    ...createUiSlice(...args),
    ...createTopicsSlice(options.topicsReader ?? inlineTopicsReader)(...args),
    ...createSetupSlice(...args),
    ...createRunsSlice(...args),
    ...createLiveRunSlice(...args),
    ...createSelectionSlice(...args),
  }));
}
