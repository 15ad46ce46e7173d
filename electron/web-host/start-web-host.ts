import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { MAX_WS_MESSAGE_BYTES, SESSION_PATH, TOKEN_PARAM } from '../../shared/ipc/ws-protocol.ts';
import type { ServerMessage } from '../../shared/ipc/ws-protocol.ts';
import type { PacerApp } from '../app/pacer-app.ts';
import { checkUpgrade } from './socket-auth.ts';
import type { AppEvent, SendLimits } from './socket-sender.ts';
import { DEFAULT_SEND_LIMITS, SocketSender } from './socket-sender.ts';
import { refusedPage, requireStrongToken, sessionVerdict } from './web-session.ts';
import { serveSocket } from './socket-session.ts';
import { allowedHosts, securityHeaders } from './security-headers.ts';
import { sendStaticFile, staticFilePath, staticRoot } from './static-files.ts';
import type { StaticRoot } from './static-files.ts';

export interface WebHostOptions {
  readonly app: Pick<PacerApp, 'dispatch' | 'subscribe'>;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** What the first load trades for the session cookie (web-session.ts); at least 32 characters. @default 32 random bytes, hex */
  readonly token?: string;
  /** Loopback only: the contract drives paid requests and reads every article. */
  readonly host?: '127.0.0.1';
  /** How far a slow tab may fall behind (socket-sender.ts). */
  readonly sendLimits?: Partial<SendLimits>;
  /** Where a tab cut off for falling behind is reported. @default console.warn */
  readonly log?: (line: string) => void;
}

export interface WebHost {
  /** http://127.0.0.1:PORT/?token=…: the one URL that opens a working UI (once; the cookie it sets does the rest). */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Stops listening and closes every socket; the app stays open (its owner closes it). */
  close(): Promise<void>;
}

/** How long open sockets get to answer the close handshake before they are cut. */
const CLOSE_GRACE_MS = 1_000;

/**
 * Pacer in a browser, where Electron cannot run: the renderer's files over HTTP and the contract
 * over a WebSocket at WS_PATH, both on 127.0.0.1. The page holds no data and is served to anyone
 * who can reach the port; the socket, which drives everything, only to the page opened from the
 * printed URL (socket-auth.ts). Events from the app go to every open socket.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  requireStrongToken(token);
  const root = staticRoot(options.staticDir);
  const server = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  const limits: SendLimits = { ...DEFAULT_SEND_LIMITS, ...options.sendLimits };
  const log = options.log ?? ((line: string) => console.warn(line));
  const senders = new Map<WebSocket, SocketSender>();
  sockets.on('connection', (ws: WebSocket) => {
    const sender = new SocketSender(ws, limits, (behindBy) =>
      log(`A browser tab fell ${behindBy} events behind; it was disconnected and reloads what it shows when it reconnects.`),
    );
    senders.set(ws, sender);
    ws.on('close', () => senders.delete(ws));
    serveSocket(ws, options.app, sender);
  });

  // The headers and the Host/Origin checks name the port, known once bound; no request can
  // arrive before these handlers are attached (that takes a turn of the event loop).
  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const headers = securityHeaders(port);
  const hosts = allowedHosts(port);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    handleHttp(req, res, root, hosts, port, token).catch(() => res.destroy());
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy()); // a peer that resets mid-handshake is not our failure
    const verdict = checkUpgrade(req, port, token);
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  const unsubscribe = options.app.subscribe((name, payload) => {
    // The listener's arguments pair each name with its payload; taken apart, TypeScript loses the pairing.
    const event = { name, payload } as AppEvent;
    let frame: string | undefined;
    const serialised = () => (frame ??= JSON.stringify({ kind: 'event', ...event } satisfies ServerMessage)); // once, for every tab
    for (const sender of senders.values()) sender.event(event, serialised);
  });

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?${TOKEN_PARAM}=${encodeURIComponent(token)}`,
    port,
    token,
    close() {
      closing ??= shutdown();
      return closing;
    },
  };

  async function shutdown(): Promise<void> {
    unsubscribe();
    const closed = [...sockets.clients].map((ws) => new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close(1001, 'Pacer web host stopped');
    }));
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(closed), new Promise<void>((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS)))]);
    clearTimeout(grace);
    for (const ws of sockets.clients) ws.terminate();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    sockets.close();
  }
}

async function handleHttp(req: IncomingMessage, res: ServerResponse, root: StaticRoot, hosts: readonly string[], port: number, token: string): Promise<void> {
  if (!hosts.includes(req.headers.host ?? '')) return plain(res, 403, 'Unexpected Host header. Open the URL Pacer printed.');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return plain(res, 405, 'Only GET and HEAD are served here.');
  }
  const session = sessionVerdict(req, port, token);
  const pathname = (req.url ?? '/').split(/[?#]/, 1)[0];
  if (pathname === SESSION_PATH) {
    // The page asks when its socket is refused: a dead host and a stale link need different words.
    res.writeHead(session.kind === 'cookie' ? 204 : 401, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    return void res.end(session.kind === 'refused' ? JSON.stringify({ reason: session.reason }) : undefined);
  }
  if (session.kind === 'exchange') {
    res.writeHead(303, { Location: session.location, 'Set-Cookie': session.cookie, 'Cache-Control': 'no-store' });
    return void res.end();
  }
  if (session.kind === 'refused') {
    res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    return void res.end(req.method === 'HEAD' ? undefined : refusedPage(session.reason));
  }
  const file = staticFilePath(root.dir, req.url ?? '/');
  if (file && (await sendStaticFile(res, file, root, req.method === 'HEAD'))) return;
  plain(res, 404, file === path.join(root.dir, 'index.html') ? `The Pacer UI is not built in ${root.dir}: run \`npm run web\`, which builds it first.` : 'Not found.');
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
