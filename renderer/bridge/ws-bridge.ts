import { isEventName } from '../../shared/ipc/contract.ts';
import type { CallName, CallRequest, CallResponse, EventName, EventPayloads, PacerBridge, Result } from '../../shared/ipc/contract.ts';
import { MAX_WS_MESSAGE_BYTES, SESSION_PATH, WS_PATH } from '../../shared/ipc/ws-protocol.ts';
import type { ClientMessage, ServerMessage } from '../../shared/ipc/ws-protocol.ts';
import type { ConnectionSource, ConnectionStatus } from './connection.ts';
import { DISCONNECTED, UNAUTHORIZED } from './connection.ts';

/**
 * PacerBridge over the web host's WebSocket: the same calls and events as the preload, framed as
 * ClientMessage/ServerMessage. While the socket is down every call answers `disconnected` at once
 * (never hangs), and the bridge reconnects with capped, jittered backoff.
 */
export interface WsBridgeOptions {
  readonly url: string;
  /** Injected by tests; the browser's WebSocket otherwise. */
  readonly createSocket?: (url: string) => WebSocket;
  /** Reconnect delay: random(50%..100%) of min(maxMs, baseMs * 2^failures). */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /**
   * Asked when a socket closes before it ever opened: 'refused' when the host is up but refuses
   * this page's session (then reconnecting stops), anything else keeps trying.
   */
  readonly checkSession?: () => Promise<'ok' | 'refused' | 'unreachable'>;
}

/** `ws(s)://<host>/ws`: the page's session cookie, which its first load set, is what opens it. */
export function wsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}`;
}

/** The web host's answer on the session (web-host/web-session.ts): 204 fine, 401 refused. */
export async function checkWebSession(origin: string): Promise<'ok' | 'refused' | 'unreachable'> {
  try {
    const response = await fetch(`${origin}${SESSION_PATH}`, { cache: 'no-store', credentials: 'same-origin' });
    return response.ok ? 'ok' : response.status === 401 ? 'refused' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

type Listener = (payload: unknown) => void;

export class WsBridge implements PacerBridge, ConnectionSource {
  status: ConnectionStatus = 'connecting';
  private readonly url: string;
  private readonly createSocket: (url: string) => WebSocket;
  private readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  private readonly checkSession: WsBridgeOptions['checkSession'];
  private socket: WebSocket | null = null;
  private nextId = 1;
  private failures = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** Calls sent (or queued while connecting) and not yet answered. */
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  /** Frames written while the socket was still connecting. */
  private outbox: string[] = [];
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();

  constructor(options: WsBridgeOptions) {
    this.url = options.url;
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.backoff = options.backoff ?? { baseMs: 250, maxMs: 10_000 };
    this.checkSession = options.checkSession;
    this.connect();
  }

  call<K extends CallName>(name: K, request: CallRequest<K>): Promise<Result<CallResponse<K>>> {
    if (this.status === 'unauthorized') return Promise.resolve({ ok: false, error: UNAUTHORIZED });
    if (this.status === 'disconnected' || !this.socket) return Promise.resolve({ ok: false, error: DISCONNECTED });
    const id = this.nextId++;
    const frame = JSON.stringify({ kind: 'call', id, name, request } satisfies ClientMessage);
    if (tooLarge(frame)) {
      const mb = (MAX_WS_MESSAGE_BYTES / 1024 / 1024).toFixed(0);
      return Promise.resolve({ ok: false, error: { code: 'too_large', message: `The ${name} request is larger than the ${mb} MB the connection carries. Split the topics into smaller runs.` } });
    }
    return new Promise((resolve) => {
      // Main validated the request and typed the answer; the socket only carries it.
      this.pending.set(id, resolve as (result: Result<unknown>) => void);
      if (this.status === 'connected') this.socket?.send(frame);
      else this.outbox.push(frame);
    });
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const set = this.listeners.get(name) ?? new Set<Listener>();
    this.listeners.set(name, set);
    const wrapped: Listener = (payload) => listener(payload as EventPayloads[E]);
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Closes for good: no reconnect, every open call answers `disconnected`. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reconnectTimer);
    this.socket?.close();
    this.dropConnection();
  }

  private connect(): void {
    this.setStatus('connecting');
    const socket = this.createSocket(this.url);
    this.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      opened = true;
      this.failures = 0;
      for (const frame of this.outbox) socket.send(frame);
      this.outbox = [];
      this.setStatus('connected');
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      if (this.socket === socket && typeof event.data === 'string') this.receive(event.data);
    });
    // 'error' is always followed by 'close', which does the work.
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.dropConnection();
      if (this.disposed) return;
      if (opened || !this.checkSession) return this.scheduleReconnect();
      // Never opened: a host that is down, or one that refuses this page's session for good.
      void this.checkSession().then((session) => {
        if (this.disposed) return;
        if (session === 'refused') this.setStatus('unauthorized');
        else this.scheduleReconnect();
      });
    });
  }

  private dropConnection(): void {
    this.socket = null;
    this.outbox = [];
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.setStatus('disconnected');
    for (const resolve of waiting) resolve({ ok: false, error: DISCONNECTED });
  }

  private scheduleReconnect(): void {
    const ceiling = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** this.failures);
    this.failures++;
    const delay = ceiling * (0.5 + Math.random() / 2);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private receive(data: string): void {
    const message = parseServerMessage(data);
    if (!message) return;
    if (message.kind === 'result') {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.result);
      return;
    }
    for (const listener of this.listeners.get(message.name) ?? []) listener(message.payload);
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

/** A frame from the host, or null for anything malformed (ignored rather than crash the page). */
function parseServerMessage(data: string): ServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || !('kind' in value)) return null;
  if (value.kind === 'result' && 'id' in value && typeof value.id === 'number' && 'result' in value && isResult(value.result)) {
    return { kind: 'result', id: value.id, result: value.result };
  }
  if (value.kind === 'event' && 'name' in value && isEventName(value.name)) {
    return { kind: 'event', name: value.name, payload: 'payload' in value ? value.payload : null };
  }
  return null;
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

function tooLarge(frame: string): boolean {
  // Each UTF-16 unit is at most 3 UTF-8 bytes: only encode when the frame could exceed the cap.
  return frame.length * 3 > MAX_WS_MESSAGE_BYTES && new TextEncoder().encode(frame).length > MAX_WS_MESSAGE_BYTES;
}
