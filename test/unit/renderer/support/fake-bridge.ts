import type {
  AppInfo,
  CallName,
  CallRequest,
  CallResponse,
  EventName,
  EventPayloads,
  PacerBridge,
  Result,
} from '../../../../shared/ipc/contract.ts';
import type { ConnectionSource, ConnectionStatus } from '../../../../renderer/bridge/connection.ts';
import { DISCONNECTED } from '../../../../renderer/bridge/connection.ts';

/**
 * PacerBridge for renderer tests: each call answers from a scripted handler (or a default for the
 * calls every screen makes on launch), every call is recorded, and `emit` plays main's events.
 * It reports a connection status like the WebSocket bridge, so the disconnected banner can be
 * driven too.
 */
export type Handler<K extends CallName> = (request: CallRequest<K>) => Result<CallResponse<K>> | Promise<Result<CallResponse<K>>>;
export type Handlers = { [K in CallName]?: Handler<K> };

export interface RecordedCall {
  readonly name: CallName;
  readonly request: unknown;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string): Result<never> => ({ ok: false, error: { code, message } });

export const APP_INFO: AppInfo = {
  version: '0.1.0',
  transport: 'web',
  platform: 'linux',
  dataDir: '/tmp/pacer-test',
  key: { set: false, storage: 'none' },
  interruptedRunIds: [],
  activeRunIds: [],
};

const DEFAULTS: Handlers = {
  'app.info': () => ok(APP_INFO),
  'settings.load': () => ok(null),
  'settings.save': () => ok(null),
  'sharedQuota.load': () => ok({ redisUrl: null }),
  'keyPool.list': () => ok({ keys: [], storage: 'none' }),
  'runs.list': () => ok([]),
};

export class FakeBridge implements PacerBridge, ConnectionSource {
  readonly calls: RecordedCall[] = [];
  status: ConnectionStatus = 'connected';
  private readonly handlers: Handlers;
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();

  constructor(handlers: Handlers = {}) {
    this.handlers = { ...DEFAULTS, ...handlers };
  }

  handle<K extends CallName>(name: K, handler: Handler<K>): void {
    (this.handlers as Record<CallName, unknown>)[name] = handler;
  }

  async call<K extends CallName>(name: K, request: CallRequest<K>): Promise<Result<CallResponse<K>>> {
    this.calls.push({ name, request });
    if (this.status === 'disconnected') return { ok: false, error: DISCONNECTED };
    const handler = this.handlers[name] as Handler<K> | undefined;
    if (!handler) return fail('not_scripted', `The fake bridge has no handler for ${name}`);
    return handler(request);
  }

  /** The requests made to one call, in order. */
  requests<K extends CallName>(name: K): CallRequest<K>[] {
    return this.calls.filter((call) => call.name === name).map((call) => call.request as CallRequest<K>);
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    this.listeners.set(name, set);
    const wrapped = (payload: unknown) => listener(payload as EventPayloads[E]);
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  emit<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners.get(name) ?? []) listener(payload);
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
