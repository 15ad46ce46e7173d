import type { RawData, WebSocket } from 'ws';
import type { ClientMessage } from '../../shared/ipc/ws-protocol.ts';
import type { PacerApp } from '../app/pacer-app.ts';
import type { SocketSender } from './socket-sender.ts';

/** RFC 6455 1003: the endpoint received data of a type it cannot accept. */
const UNACCEPTABLE = 1003;

/**
 * One browser tab's socket: each text message is a call, answered with its id. Validation of the
 * call itself (name, request) is PacerApp.dispatch's, as for IPC; this only refuses what is not a
 * call message at all, by closing the socket (1003): a client that sends garbage is broken, and
 * a fresh connection followed by run.open is its way back.
 */
export function serveSocket(ws: WebSocket, app: Pick<PacerApp, 'dispatch'>, sender: SocketSender): void {
  ws.on('message', (data, isBinary) => {
    if (isBinary) return ws.close(UNACCEPTABLE, 'Only JSON text messages are accepted');
    let message: unknown;
    try {
      message = JSON.parse(textOf(data));
    } catch {
      return ws.close(UNACCEPTABLE, 'Malformed JSON');
    }
    if (!isCallMessage(message)) return ws.close(UNACCEPTABLE, 'Expected {"kind":"call","id":<integer>,"name":<string>,"request":...}');
    const { id } = message;
    void app.dispatch(message.name, message.request).then((result) => sender.result({ kind: 'result', id, result }));
  });
}

/** The shape of a call; the name is checked against the call map by dispatch ('unknown_call'). */
function isCallMessage(value: unknown): value is Omit<ClientMessage, 'name'> & { readonly name: string } {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  return message.kind === 'call' && Number.isSafeInteger(message.id) && typeof message.name === 'string';
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}
