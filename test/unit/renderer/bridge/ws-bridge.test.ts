// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientMessage } from '../../../../shared/ipc/ws-protocol.ts';
import { WsBridge, wsUrl } from '../../../../renderer/bridge/ws-bridge.ts';
import { APP_INFO } from '../support/fake-bridge.ts';

/** A WebSocket the test opens, feeds and closes by hand. */
class FakeSocket extends EventTarget {
  readonly sent: ClientMessage[] = [];
  closed = false;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.dispatchEvent(new Event('open'));
  }
  receive(message: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(message) }));
  }
  drop(): void {
    if (this.closed) return;
    this.closed = true;
    this.dispatchEvent(new Event('close'));
  }
}

let sockets: FakeSocket[];
let bridge: WsBridge;
const latest = () => sockets.at(-1)!;

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  bridge = new WsBridge({
    url: 'ws://127.0.0.1:5555/ws?token=t',
    createSocket: (url) => {
      expect(url).toBe('ws://127.0.0.1:5555/ws?token=t');
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    backoff: { baseMs: 100, maxMs: 1_000 },
  });
});

afterEach(() => {
  bridge.dispose();
  vi.useRealTimers();
});

describe('WsBridge', () => {
  it('builds the socket URL from the page: ws or wss, and no token (the session cookie opens it)', () => {
    expect(wsUrl({ protocol: 'http:', host: '127.0.0.1:5555' })).toBe('ws://127.0.0.1:5555/ws');
    expect(wsUrl({ protocol: 'https:', host: 'pacer.local' })).toBe('wss://pacer.local/ws');
  });

  it('stops reconnecting and says why when the host refuses this page’s session, but keeps trying a host that is down', async () => {
    let session: 'refused' | 'unreachable' = 'unreachable';
    const refusing = new WsBridge({
      url: 'ws://127.0.0.1:5555/ws?token=t',
      createSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
      backoff: { baseMs: 100, maxMs: 1_000 },
      checkSession: async () => session,
    });
    const statuses: string[] = [];
    refusing.onStatus((status) => statuses.push(status));
    latest().drop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(statuses).toEqual(['disconnected', 'connecting']);
    session = 'refused';
    latest().drop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(statuses).toEqual(['disconnected', 'connecting', 'disconnected', 'unauthorized']);
    expect(await refusing.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'unauthorized', message: expect.stringContaining('Open the link `npm run web` printed') } });
    refusing.dispose();
  });

  it('queues calls made while connecting, sends them on open and resolves each by its id', async () => {
    const info = bridge.call('app.info', {});
    const runs = bridge.call('runs.list', {});
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent.map((m) => [m.id, m.name])).toEqual([
      [1, 'app.info'],
      [2, 'runs.list'],
    ]);
    latest().receive({ kind: 'result', id: 2, result: { ok: true, value: [] } });
    latest().receive({ kind: 'result', id: 1, result: { ok: true, value: APP_INFO } });
    await expect(info).resolves.toEqual({ ok: true, value: APP_INFO });
    await expect(runs).resolves.toEqual({ ok: true, value: [] });
  });

  it('delivers events to their listeners until disposed, and ignores malformed frames', () => {
    latest().open();
    const heard: unknown[] = [];
    const off = bridge.on('runs.changed', (payload) => heard.push(payload));
    latest().dispatchEvent(new MessageEvent('message', { data: 'not json' }));
    latest().receive({ kind: 'event', name: 'not.an.event', payload: 1 });
    latest().receive({ kind: 'event', name: 'runs.changed', payload: null });
    off();
    latest().receive({ kind: 'event', name: 'runs.changed', payload: null });
    expect(heard).toEqual([null]);
  });

  it('answers disconnected while down, then reconnects with backoff', async () => {
    const statuses: string[] = [];
    bridge.onStatus((status) => statuses.push(status));
    latest().open();
    const pending = bridge.call('runs.list', {});
    latest().drop();

    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'disconnected', message: expect.stringContaining('Lost the connection to Pacer') } });
    await expect(bridge.call('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'disconnected' } });
    expect(sockets).toHaveLength(1);

    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    latest().drop();
    vi.advanceTimersByTime(100);
    // The second failure waits longer (50–100% of 200 ms).
    expect(sockets.length).toBeLessThanOrEqual(3);
    vi.advanceTimersByTime(200);
    expect(sockets).toHaveLength(3);
    latest().open();
    expect(statuses).toEqual(['connected', 'disconnected', 'connecting', 'disconnected', 'connecting', 'connected']);
  });
});
