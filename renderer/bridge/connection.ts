import type { PacerBridge } from '../../shared/ipc/contract.ts';
import type { PacerError } from '../../shared/domain/errors.ts';

/**
 * Whether the bridge can reach main. Electron IPC cannot drop, so only the WebSocket bridge
 * reports it; the UI shows a persistent banner while it is down. `unauthorized`: the web host is
 * there but refuses this page (its link had no token, or is from an earlier start): reconnecting
 * cannot help, the printed link can.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'unauthorized';

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

/** Every call's answer once the web host has refused this page's session. */
export const UNAUTHORIZED: PacerError = {
  code: 'unauthorized',
  message:
    'The Pacer web host does not accept this page: its link had no access token, or is from an earlier start of the web host. Open the link `npm run web` printed in its terminal (Pacer web UI: http://127.0.0.1:…/?token=…); if that terminal is gone, start npm run web again for a new one.',
};
