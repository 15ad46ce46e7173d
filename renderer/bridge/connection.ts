import type { PacerBridge } from '../../shared/ipc/contract.ts';
import type { PacerError } from '../../shared/domain/errors.ts';

/**
 * Whether the bridge can reach main. Electron IPC cannot drop, so only the WebSocket bridge
 * reports it; the UI shows a persistent banner while it is down.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionSource {
  readonly status: ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

/** What the app runs on: the contract, plus the connection status where the transport has one. */
export type AppBridge = PacerBridge & Partial<ConnectionSource>;

/** Every call's answer while the socket is down. */
export const DISCONNECTED: PacerError = {
  code: 'disconnected',
  message: 'Lost the connection to Pacer… Reconnecting. If this lasts, check that the Pacer web host (npm run web) is still running, then reload the page it printed.',
};
