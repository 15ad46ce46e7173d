import type { AppInfo, CallName, CallRequest, CallResponse, Result } from '../../shared/ipc/contract.ts';
import type { AppBridge, ConnectionStatus } from '../bridge/connection.ts';
import type { SliceCreator } from './pacer-store.ts';

export interface CallOptions {
  /** The caller shows the error itself (inline in a form or a dialog): no toast. */
  readonly quiet?: boolean;
}

export interface SessionSlice {
  readonly appInfo: AppInfo | null;
  readonly connection: ConnectionStatus;
  /**
   * Every bridge call goes through here, so failures are reported one way: `disconnected` turns
   * on the persistent banner, anything else becomes a dismissible toast unless `quiet`.
   */
  call<K extends CallName>(name: K, request: CallRequest<K>, options?: CallOptions): Promise<Result<CallResponse<K>>>;
  /**
   * On launch: app info (key status, interrupted runs, runs going), saved settings and the run
   * history. A run already going (this is a reload, a reopened or a second window) is opened at
   * once, so the window lands on its live progress rather than on an empty Setup.
   */
  boot(): Promise<void>;
  setConnection(status: ConnectionStatus): void;
}

export const createSessionSlice =
  (bridge: AppBridge): SliceCreator<SessionSlice> =>
  (set, get) => ({
    appInfo: null,
    connection: bridge.status ?? 'connected',

    async call(name, request, options = {}) {
      let result: Result<CallResponse<typeof name>>;
      try {
        result = await bridge.call(name, request);
      } catch (error) {
        // The contract promises a Result; a throwing bridge is a bug, reported like any failure.
        result = { ok: false, error: { code: 'bridge_error', message: `${name} failed: ${error instanceof Error ? error.message : String(error)}` } };
      }
      if (result.ok) {
        // Electron IPC has no status events: a success is the proof the link is back.
        if (get().connection === 'disconnected' && bridge.onStatus === undefined) set({ connection: 'connected' });
      } else if (result.error.code === 'disconnected' || result.error.code === 'unauthorized') {
        // The banner says it once; no toast per call.
        if (get().connection === 'connected') set({ connection: 'disconnected' });
      } else if (!options.quiet) {
        get().pushToast(result.error);
      }
      return result;
    },

    async boot() {
      const { call } = get();
      const [info, saved] = await Promise.all([call('app.info', {}), call('settings.load', {}), get().loadRuns()]);
      if (info.ok) {
        set({ appInfo: info.value });
        get().setKeyStatus(info.value.key);
      }
      if (saved.ok && saved.value) get().applySavedSettings(saved.value);
      const live = info.ok ? info.value.activeRunIds[0] : undefined;
      if (live !== undefined && get().openRunId === null) await get().openRun(live);
    },

    setConnection(status) {
      const was = get().connection;
      if (was === status) return;
      set({ connection: status });
      // Events sent while the socket was down are lost: catch up from snapshots.
      if (status === 'connected' && was === 'disconnected') {
        void get().loadRuns();
        if (get().openRunId !== null) get().resync();
      }
    },
  });
