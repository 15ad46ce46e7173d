import type { CallName, EventName, Result } from './contract.ts';

/**
 * The contract over a WebSocket, for the web host: the same calls and events as Electron IPC,
 * framed as JSON messages. The socket lives at WS_PATH and needs the session cookie the printed
 * URL's token was traded for (or the token itself, for scripted clients); the host refuses other
 * origins.
 */
export const WS_PATH = '/ws';
/** In the printed URL only: the first load trades it for the session cookie. */
export const TOKEN_PARAM = 'token';
/** GET: 204 while this page's session is good, 401 with `{ reason }` when the host refuses it. */
export const SESSION_PATH = '/session';
/** Largest message either side accepts: a 100,000-topic run.create fits with room to spare. */
export const MAX_WS_MESSAGE_BYTES = 64 * 1024 * 1024;

export type ClientMessage = { readonly kind: 'call'; readonly id: number; readonly name: CallName; readonly request: unknown };

export type ServerMessage =
  | { readonly kind: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly kind: 'event'; readonly name: EventName; readonly payload: unknown };
