import { contextBridge, ipcRenderer } from 'electron';
import { CALL_NAMES, EVENT_NAMES } from '../../shared/ipc/contract.ts';
import type { PacerBridge } from '../../shared/ipc/contract.ts';
import { createBridge } from './bridge-core.ts';

// vite.preload.config.ts replaces the contract module here by its two allowlists, computed from
// the contract at build time: the sandboxed preload cannot require zod, and should not carry it.
const bridge = createBridge(ipcRenderer, { callNames: CALL_NAMES, eventNames: EVENT_NAMES }) satisfies PacerBridge;

contextBridge.exposeInMainWorld('pacer', bridge);
