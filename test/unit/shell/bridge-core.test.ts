import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, EVENT_NAMES } from '../../../shared/ipc/contract.ts';
import type { CallName, EventName } from '../../../shared/ipc/contract.ts';
import type { IpcRendererLike } from '../../../electron/preload/bridge-core.ts';
import { callChannel, createBridge, eventChannel } from '../../../electron/preload/bridge-core.ts';

type Listener = (event: unknown, payload: unknown) => void;

/** ipcRenderer as the bridge sees it; `emit` plays main sending an event (with its IpcRendererEvent). */
function fakeIpc(answer: (channel: string, request: unknown) => Promise<unknown> = async () => ({ ok: true, value: null })) {
  const listeners = new Map<string, Listener[]>();
  const ipc = {
    invoke: vi.fn(answer),
    on: vi.fn((channel: string, listener: Listener) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener])),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      const list = listeners.get(channel) ?? [];
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    }),
  } satisfies IpcRendererLike;
  const emit = (channel: string, payload: unknown) => {
    const ipcRendererEvent = { sender: { send: () => 'ipcRenderer itself' }, senderId: 0 };
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(ipcRendererEvent, payload);
  };
  return { ipc, emit, count: (channel: string) => listeners.get(channel)?.length ?? 0 };
}

const allowlist = { callNames: CALL_NAMES, eventNames: EVENT_NAMES };

describe('channel names', () => {
  it('prefix every call and event with its kind', () => {
    expect(callChannel('run.start')).toBe('pacer:call:run.start');
    expect(eventChannel('service.events')).toBe('pacer:event:service.events');
  });
});

describe('createBridge: call', () => {
  it('sends a contract call on its own channel with the request as it is, and answers what main answered', async () => {
    const { ipc } = fakeIpc(async () => ({ ok: true, value: { runId: 'r1' } }));
    const bridge = createBridge(ipc, allowlist);
    const request = { runId: 'r1' };
    await expect(bridge.call('run.duplicate', request)).resolves.toEqual({ ok: true, value: { runId: 'r1' } });
    expect(ipc.invoke).toHaveBeenCalledWith('pacer:call:run.duplicate', request);
  });

  it('refuses a name outside the contract without touching IPC', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, allowlist);
    for (const name of ['fs.readFile', '__proto__', 'constructor', 'pacer:call:app.info', '', 42, undefined]) {
      const result = await bridge.call(name as CallName, {} as never);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('turns a failed channel into a Result, never a rejected promise', async () => {
    const { ipc } = fakeIpc(async () => {
      throw new Error("No handler registered for 'pacer:call:app.info'");
    });
    const result = await createBridge(ipc, allowlist).call('app.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'ipc_failed', message: expect.stringContaining('No handler registered') } });
  });
});

describe('createBridge: on', () => {
  it('hands the listener the payload only: the IpcRendererEvent never reaches the page', () => {
    const { ipc, emit } = fakeIpc();
    const listener = vi.fn();
    createBridge(ipc, allowlist).on('service.events', listener);
    emit('pacer:event:service.events', { events: [] });
    expect(listener.mock.calls).toEqual([[{ events: [] }]]);
  });

  it('returns a disposer that removes exactly that listener, once', () => {
    const { ipc, emit, count } = fakeIpc();
    const bridge = createBridge(ipc, allowlist);
    const first = vi.fn();
    const second = vi.fn();
    const disposeFirst = bridge.on('runs.changed', first);
    bridge.on('runs.changed', second);
    // The same function subscribed twice is two subscriptions, each with its own disposer.
    const disposeSecondAgain = bridge.on('runs.changed', second);
    expect(count('pacer:event:runs.changed')).toBe(3);

    disposeFirst();
    disposeFirst();
    emit('pacer:event:runs.changed', null);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(2);

    disposeSecondAgain();
    emit('pacer:event:runs.changed', null);
    expect(second).toHaveBeenCalledTimes(3);
    expect(count('pacer:event:runs.changed')).toBe(1);
  });

  it('refuses an event outside the contract and subscribes to nothing', () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, allowlist);
    expect(() => bridge.on('pacer:call:app.info' as EventName, vi.fn())).toThrow(/not in the IPC contract/);
    expect(() => bridge.on('toString' as EventName, vi.fn())).toThrow(/not in the IPC contract/);
    expect(ipc.on).not.toHaveBeenCalled();
  });
});
