import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { GuardedSession } from '../../../electron/main/session-guards.ts';
import { guardSession } from '../../../electron/main/session-guards.ts';
import type { GuardedContents } from '../../../electron/main/web-contents-guards.ts';
import { guardWebContents } from '../../../electron/main/web-contents-guards.ts';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security.ts';

const APP_URL = 'app://pacer/index.html';

/** A web contents as far as the guards touch it: events, and the window-open handler they install. */
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, listener: (...args: unknown[]) => void) => emitter.on(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
  } as unknown as GuardedContents;
  const fire = (name: string, url?: string, isMainFrame = true) => {
    const event = { url, isMainFrame, preventDefault: vi.fn() };
    emitter.emit(name, event, url);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('guardWebContents', () => {
  it("lets the page navigate within its own index (hash, query) and nowhere else", () => {
    const { contents, fire } = fakeContents();
    guardWebContents(contents, APP_URL, vi.fn());
    expect(fire('will-navigate', `${APP_URL}#/history`)).toBe(false);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-redirect', `${APP_URL}?x=1`)).toBe(false);
  });

  it('guards the navigations of every frame: the top one stays on the page, a sub-frame goes nowhere', () => {
    const { contents, fire } = fakeContents();
    guardWebContents(contents, APP_URL, vi.fn());
    expect(fire('will-frame-navigate', `${APP_URL}#/history`)).toBe(false);
    expect(fire('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-frame-navigate', 'file:///opt/Pacer/resources/app.asar/dist/renderer/index.html')).toBe(true);
    expect(fire('will-frame-navigate', 'app://pacer/other.html')).toBe(true);
    expect(fire('will-frame-navigate', 'https://evil.example/', false)).toBe(true);
    expect(fire('will-frame-navigate', APP_URL, false)).toBe(true);
  });

  it('never attaches a <webview>', () => {
    const { contents, fire } = fakeContents();
    guardWebContents(contents, APP_URL, vi.fn());
    expect(fire('will-attach-webview')).toBe(true);
  });

  it('denies every new window and hands http(s) links, and only those, to the system browser', () => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn();
    guardWebContents(contents, APP_URL, openExternal);
    expect(open('https://platform.openai.com/docs')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(open(APP_URL)).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://platform.openai.com/docs']]);
  });
});

describe('guardSession', () => {
  function fakeSession() {
    const handlers: {
      headers?: (details: { responseHeaders?: Record<string, string[]> }, callback: (response: unknown) => void) => void;
      request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
      check?: (...args: unknown[]) => boolean;
    } = {};
    const session = {
      webRequest: { onHeadersReceived: (listener: typeof handlers.headers) => (handlers.headers = listener) },
      setPermissionRequestHandler: (handler: typeof handlers.request) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: typeof handlers.check) => (handlers.check = handler),
    } as unknown as GuardedSession;
    return { session, handlers };
  }

  it('puts our CSP on every response', () => {
    const { session, handlers } = fakeSession();
    guardSession(session);
    const callback = vi.fn();
    handlers.headers!({ responseHeaders: { 'Content-Security-Policy': ['default-src *'], 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('denies every permission request and check', () => {
    const { session, handlers } = fakeSession();
    guardSession(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      handlers.request!({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
    }
    expect(handlers.check!({}, 'media', 'file://', {})).toBe(false);
  });
});
