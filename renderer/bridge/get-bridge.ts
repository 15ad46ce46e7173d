import type { AppBridge } from './connection.ts';
import { checkWebSession, WsBridge, wsUrl } from './ws-bridge.ts';

/** The Electron preload's bridge when there is one; otherwise the web host's WebSocket. */
export function getBridge(): AppBridge {
  return window.pacer ?? new WsBridge({ url: wsUrl(window.location), checkSession: () => checkWebSession(window.location.origin) });
}
