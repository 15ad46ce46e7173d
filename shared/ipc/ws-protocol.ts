import type { CallName, EventName, Result } from './contract.ts';

/**
 * The contract over a WebSocket, for the web host: the same calls and events as Electron IPC,
 * framed as JSON messages. The socket lives at WS_PATH and needs the host's random token
 * (`?token=…`, the one in the URL the host prints); the host refuses other origins.
 */
export const WS_PATH = '/ws';
export const TOKEN_PARAM = 'token';
/** Largest message either side accepts: a 100,000-topic run.create fits with room to spare. */
export const MAX_WS_MESSAGE_BYTES = 64 * 1024 * 1024;

export type ClientMessage = { readonly kind: 'call'; readonly id: number; readonly name: CallName; readonly request: unknown };

export type ServerMessage =
  | { readonly kind: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly kind: 'event'; readonly name: EventName; readonly payload: unknown };
