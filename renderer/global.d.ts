/// <reference types="vite/client" />
import type { PacerBridge } from '../shared/ipc/contract.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a browser on the web host, where the WebSocket bridge stands in. */
    pacer?: PacerBridge;
  }
}

export {};
