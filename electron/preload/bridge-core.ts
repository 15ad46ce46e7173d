import type { CallName, CallRequest, CallResponse, EventName, EventPayloads, PacerBridge, Result } from '../../shared/ipc/contract.ts';

/**
 * The preload's logic without Electron: channel names, the allowlist checks and the listener
 * wrapper, over ipcRenderer-like functions passed in, so it is unit-tested in plain Node and the
 * preload itself is three lines of wiring. Main names its channels with the same functions.
 */

export function callChannel(name: CallName): string {
  return `pacer:call:${name}`;
}

export function eventChannel(name: EventName): string {
  return `pacer:event:${name}`;
}

/** What the bridge needs from ipcRenderer; the listener's first argument is the IpcRendererEvent. */
export interface IpcRendererLike {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export interface Allowlist {
  readonly callNames: readonly CallName[];
  readonly eventNames: readonly EventName[];
}

export function createBridge(ipc: IpcRendererLike, allowlist: Allowlist): PacerBridge {
  const calls = new Set<string>(allowlist.callNames);
  const events = new Set<string>(allowlist.eventNames);
  return {
    call<K extends CallName>(name: K, request: CallRequest<K>): Promise<Result<CallResponse<K>>> {
      // The renderer is typed against the contract, but a compromised page is not: check at runtime.
      if (typeof name !== 'string' || !calls.has(name)) {
        return Promise.resolve({ ok: false, error: { code: 'unknown_call', message: `Unknown call ${JSON.stringify(name)}: it is not in the IPC contract.` } });
      }
      // Main answers every call with a Result; a rejection means the channel itself failed (no
      // handler yet, a request that cannot be cloned). It becomes a Result too, never an Error.
      return (ipc.invoke(callChannel(name), request) as Promise<Result<CallResponse<K>>>).catch((error: unknown) => ({
        ok: false,
        error: { code: 'ipc_failed', message: `The call ${name} did not reach Pacer: ${error instanceof Error ? error.message : String(error)}` },
      }));
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void {
      if (typeof name !== 'string' || !events.has(name)) {
        throw new TypeError(`Unknown event ${JSON.stringify(name)}: it is not in the IPC contract.`);
      }
      // The IpcRendererEvent carries `sender` (ipcRenderer itself): it must never reach the page.
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as EventPayloads[E]);
      const channel = eventChannel(name);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
  };
}
