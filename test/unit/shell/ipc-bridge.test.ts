import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES } from '../../../shared/ipc/contract.ts';
import type { EventName, Result } from '../../../shared/ipc/contract.ts';
import type { AppEventListener } from '../../../electron/app/pacer-app.ts';
import type { MainContents, SenderInfo } from '../../../electron/main/ipc-bridge.ts';
import { forwardEvents, isAllowedSender, registerInvoke } from '../../../electron/main/ipc-bridge.ts';

const APP_URL = 'app://pacer/index.html';
const MAIN_ID = 7;

const topFrame = (url = APP_URL): SenderInfo => ({ sender: { id: MAIN_ID }, senderFrame: { url, parent: null } });

describe('isAllowedSender', () => {
  it("allows the main window's top frame showing the app's page", () => {
    expect(isAllowedSender(topFrame(), MAIN_ID, APP_URL)).toBe(true);
    expect(isAllowedSender(topFrame(`${APP_URL}#/runs/1`), MAIN_ID, APP_URL)).toBe(true);
  });

  it.each<[string, SenderInfo, number | undefined]>([
    ['a sub-frame of the main window', { sender: { id: MAIN_ID }, senderFrame: { url: APP_URL, parent: { url: APP_URL } } }, MAIN_ID],
    ['another web contents', { sender: { id: 99 }, senderFrame: { url: APP_URL, parent: null } }, MAIN_ID],
    ['the top frame after navigating away', topFrame('https://evil.example/'), MAIN_ID],
    ['the top frame showing another local file', topFrame('file:///etc/passwd'), MAIN_ID],
    ['the top frame showing the same page over file://', topFrame('file:///opt/Pacer/resources/app.asar/dist/renderer/index.html'), MAIN_ID],
    ['a frame that is gone (null)', { sender: { id: MAIN_ID }, senderFrame: null }, MAIN_ID],
    ['any frame while there is no main window', topFrame(), undefined],
  ])('forbids %s', (_what, event, mainId) => {
    expect(isAllowedSender(event, mainId, APP_URL)).toBe(false);
  });

  it('forbids a disposed frame whose properties throw', () => {
    const disposed = {
      sender: { id: MAIN_ID },
      senderFrame: {
        get url(): string {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
        parent: null,
      },
    };
    expect(isAllowedSender(disposed, MAIN_ID, APP_URL)).toBe(false);
  });
});

describe('registerInvoke', () => {
  function setup(dispatch: (name: string, raw: unknown) => Promise<Result<unknown>>) {
    const handlers = new Map<string, (event: unknown, request: unknown) => Promise<Result<unknown>>>();
    const ipc = { handle: vi.fn((channel: string, handler: (event: unknown, request: unknown) => Promise<Result<unknown>>) => handlers.set(channel, handler)) };
    const app = { dispatch: vi.fn(dispatch) };
    const contents: MainContents = { id: MAIN_ID, isDestroyed: () => false, send: vi.fn() };
    registerInvoke(ipc as never, app, () => contents, APP_URL);
    return { handlers, app };
  }

  it('registers one handler per contract call, on its own channel, and nothing else', () => {
    const { handlers } = setup(async () => ({ ok: true, value: null }));
    expect([...handlers.keys()]).toEqual(CALL_NAMES.map((name) => `pacer:call:${name}`));
  });

  it("passes an allowed sender's request to PacerApp.dispatch and answers its Result", async () => {
    const { handlers, app } = setup(async () => ({ ok: true, value: { runId: 'r2' } }));
    const request = { runId: 'r1' };
    await expect(handlers.get('pacer:call:run.duplicate')!(topFrame(), request)).resolves.toEqual({ ok: true, value: { runId: 'r2' } });
    expect(app.dispatch).toHaveBeenCalledWith('run.duplicate', request);
  });

  it('answers forbidden to any other sender, without dispatching', async () => {
    const { handlers, app } = setup(async () => ({ ok: true, value: null }));
    const result = await handlers.get('pacer:call:key.set')!(topFrame('https://evil.example/'), { apiKey: 'sk-stolen-attempt' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(app.dispatch).not.toHaveBeenCalled();
  });

  it('turns an exception into a plain Result: no Error object crosses IPC', async () => {
    const { handlers } = setup(async () => {
      throw new TypeError('boom');
    });
    const result = await handlers.get('pacer:call:app.info')!(topFrame(), {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'app.info failed: boom' } });
    expect(Object.getPrototypeOf((result as { error: object }).error)).toBe(Object.prototype);
  });
});

describe('forwardEvents', () => {
  function source() {
    let listener: AppEventListener | undefined;
    return {
      app: { subscribe: (l: AppEventListener) => ((listener = l), () => (listener = undefined)) },
      emit: (name: string, payload: unknown) => (listener as unknown as (n: string, p: unknown) => void)(name, payload),
      listening: () => listener !== undefined,
    };
  }

  it("sends contract events to the main window on their channel, and nothing outside the contract", () => {
    const { app, emit } = source();
    const contents: MainContents = { id: MAIN_ID, isDestroyed: () => false, send: vi.fn() };
    forwardEvents(app, () => contents);
    emit('runs.changed', null);
    emit('service.events', { events: [] });
    emit('secret.leak' as EventName, { key: 'x' });
    expect(contents.send).toHaveBeenNthCalledWith(1, 'pacer:event:runs.changed', null);
    expect(contents.send).toHaveBeenNthCalledWith(2, 'pacer:event:service.events', { events: [] });
    expect(contents.send).toHaveBeenCalledTimes(2);
  });

  it('drops events while there is no window, or a destroyed one, and unsubscribes with the disposer', () => {
    const { app, emit, listening } = source();
    const destroyed: MainContents = { id: MAIN_ID, isDestroyed: () => true, send: vi.fn() };
    const windows: (MainContents | undefined)[] = [undefined, destroyed];
    const dispose = forwardEvents(app, () => windows.shift());
    expect(() => emit('runs.changed', null)).not.toThrow();
    emit('runs.changed', null);
    expect(destroyed.send).not.toHaveBeenCalled();
    dispose();
    expect(listening()).toBe(false);
  });
});
