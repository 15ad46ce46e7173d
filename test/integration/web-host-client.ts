import { request } from 'node:http';
import WebSocket from 'ws';
import type { EventPayloads, Result, WireEvent } from '../../shared/ipc/contract.ts';
import { TOKEN_PARAM, WS_PATH } from '../../shared/ipc/ws-protocol.ts';
import type { ServerMessage } from '../../shared/ipc/ws-protocol.ts';
import { Waiters } from '../support/waiters.ts';

/** A raw GET: the path is sent exactly as given (fetch and URL would normalise `/../` away). */
export function rawGet(port: number, path: string, options: { method?: string; host?: string; cookie?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}`, ...(options.cookie !== undefined && { cookie: options.cookie }) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface ConnectOptions {
  readonly token?: string | null;
  /** A Cookie header, as the page's browser sends it. */
  readonly cookie?: string;
  readonly origin?: string | null;
  readonly path?: string;
  readonly host?: string;
}

/** Opens a socket as the renderer would; rejects with the HTTP status when the upgrade is refused. */
export function openSocket(port: number, options: ConnectOptions = {}): Promise<WebSocket> {
  const token = options.token === null || options.token === undefined ? '' : `?${TOKEN_PARAM}=${encodeURIComponent(options.token)}`;
  const origin = options.origin === undefined ? `http://127.0.0.1:${port}` : options.origin;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? WS_PATH}${token}`, {
    ...(origin !== null && { origin }),
    headers: { ...(options.host && { host: options.host }), ...(options.cookie !== undefined && { cookie: options.cookie }) },
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate();
      reject(new Error(`refused with ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
}

/** The contract over one socket, as a test drives it: calls by id, every event kept, waits on deliveries. */
export class SocketClient {
  readonly ws: WebSocket;
  readonly events: { name: keyof EventPayloads; payload: unknown }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly waiters = new Waiters();

  constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      if (message.kind === 'result') this.pending.get(message.id)?.(message.result);
      else this.events.push({ name: message.name, payload: message.payload });
      this.waiters.notify();
    });
  }

  static async connect(port: number, token: string): Promise<SocketClient> {
    return new SocketClient(await openSocket(port, { token }));
  }

  call(name: string, request: unknown): Promise<Result<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ kind: 'call', id, name, request }));
    });
  }

  /** The value of a call that must succeed. */
  async value<T>(name: string, request: unknown): Promise<T> {
    const result = await this.call(name, request);
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  }

  wireEvents(): WireEvent[] {
    return this.events.flatMap((e) => (e.name === 'service.events' ? (e.payload as EventPayloads['service.events']).events : []));
  }

  runFinished(runId: string): Promise<Extract<WireEvent, { type: 'run.finished' }>> {
    return this.waitFor(() => this.wireEvents().find((e): e is Extract<WireEvent, { type: 'run.finished' }> => e.type === 'run.finished' && e.runId === runId), `run.finished of ${runId}`);
  }

  /** Re-checks `probe` whenever something arrives until it yields something. */
  waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
    return this.waiters.waitFor(probe, what);
  }
}
