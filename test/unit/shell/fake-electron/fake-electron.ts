import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';

/**
 * Just enough of Electron's main-process API for index.cjs to boot in plain Node, reporting what
 * the shell does to the test over the child-process channel (process.send) and taking orders
 * from it: invoke an IPC handler as a given frame, quit. See main-bundle.test.ts.
 */

export type Report =
  | { type: 'ready' }
  | { type: 'window'; webPreferences: Record<string, unknown>; minWidth: number; minHeight: number; handlersBefore: number }
  | { type: 'loadURL'; url: string }
  | { type: 'schemes'; schemes: { scheme: string; privileges: Record<string, unknown> }[]; beforeReady: boolean }
  | { type: 'protocol'; scheme: string }
  | { type: 'fetched'; id: number; status: number; headers: Record<string, string>; body: string }
  | { type: 'handlers'; channels: string[] }
  | { type: 'sent'; channel: string; payload: unknown }
  | { type: 'progress'; value: number; mode: string | undefined }
  | { type: 'notification'; title: string; body: string }
  | { type: 'errorBox'; title: string; message: string }
  | { type: 'menu'; roles: unknown[] }
  | { type: 'session'; csp: boolean; permissions: boolean }
  | { type: 'answer'; id: number; result: unknown }
  | { type: 'before-quit'; prevented: boolean };

export type Order =
  | { type: 'invoke'; id: number; channel: string; request: unknown; frame: 'main' | 'sub' | 'foreign' }
  | { type: 'fetch'; id: number; url: string; method: string }
  | { type: 'quit' };

const report = (message: Report) => process.send?.(message);

class FakeApp extends EventEmitter {
  private readonly paths = new Map<string, string>([['userData', path.join(os.tmpdir(), 'pacer-fake-electron-default')]]);
  private ready = false;
  /** An installed app when the test says so. */
  readonly isPackaged = process.env.FAKE_ELECTRON_PACKAGED === '1';
  setPath(name: string, value: string) {
    this.paths.set(name, value);
  }
  getPath(name: string) {
    return this.paths.get(name) ?? os.tmpdir();
  }
  getAppPath() {
    return process.env.FAKE_ELECTRON_APP_PATH ?? process.cwd();
  }
  getVersion() {
    return '0.0.0-test';
  }
  setAppUserModelId() {}
  requestSingleInstanceLock() {
    return true;
  }
  isReady() {
    return this.ready;
  }
  whenReady() {
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        this.ready = true;
        report({ type: 'ready' });
        resolve();
      }),
    );
  }
  quit() {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    report({ type: 'before-quit', prevented });
    if (!prevented) setImmediate(() => process.exit(0));
  }
  exit(code = 0) {
    process.exit(code);
  }
}
export const app = new FakeApp();

let nextId = 1;
const MAIN_FRAME_URL = () => windows[0]?.loadedUrl ?? 'about:blank';

class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  send(channel: string, payload: unknown) {
    report({ type: 'sent', channel, payload });
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler() {}
}

const windows: FakeBrowserWindow[] = [];
class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  constructor(options: { webPreferences: Record<string, unknown>; minWidth: number; minHeight: number }) {
    super();
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    report({ type: 'window', webPreferences: options.webPreferences, minWidth: options.minWidth, minHeight: options.minHeight, handlersBefore: handlers.size });
  }
  static getAllWindows() {
    return windows;
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    report({ type: 'loadURL', url });
    this.emit('ready-to-show');
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  setProgressBar(value: number, options?: { mode?: string }) {
    report({ type: 'progress', value, mode: options?.mode });
  }
}
export const BrowserWindow = FakeBrowserWindow;

const handlers = new Map<string, (event: unknown, request: unknown) => Promise<unknown>>();
export const ipcMain = {
  handle(channel: string, handler: (event: unknown, request: unknown) => Promise<unknown>) {
    handlers.set(channel, handler);
    // Reported once the loop is done: registerInvoke adds them synchronously.
    if (handlers.size === 1) setImmediate(() => report({ type: 'handlers', channels: [...handlers.keys()] }));
  },
};

process.on('message', (order: Order) => {
  if (order.type === 'quit') return app.quit();
  if (order.type === 'fetch') return void fetchThroughProtocol(order);
  const contents = windows[0]?.webContents;
  const event = {
    sender: order.frame === 'foreign' ? { id: -1 } : { id: contents?.id },
    senderFrame: { url: MAIN_FRAME_URL(), parent: order.frame === 'sub' ? {} : null },
  };
  const handler = handlers.get(order.channel);
  void (handler ? handler(event, order.request) : Promise.resolve({ missing: order.channel })).then((result) => report({ type: 'answer', id: order.id, result }));
});

/** Custom schemes: what the shell registers, and its handler, which a test can call as Chromium would. */
const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
export const protocol = {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, unknown> }[]) {
    report({ type: 'schemes', schemes, beforeReady: !app.isReady() });
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
    protocolHandlers.set(scheme, handler);
    report({ type: 'protocol', scheme });
  },
};

async function fetchThroughProtocol(order: Extract<Order, { type: 'fetch' }>): Promise<void> {
  const handler = protocolHandlers.get(order.url.slice(0, order.url.indexOf(':')));
  // A Request for a custom URL, as Electron builds one; its url is the text asked for, unresolved.
  const request = { url: order.url, method: order.method } as Request;
  const response = handler ? await handler(request) : new Response('no handler', { status: 599 });
  report({ type: 'fetched', id: order.id, status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() });
}

export const dialog = {
  showErrorBox(title: string, message: string) {
    report({ type: 'errorBox', title, message });
  },
  async showOpenDialog() {
    return { canceled: true, filePaths: [] };
  },
};

export const session = {
  defaultSession: {
    guards: { csp: false, permissions: false },
    webRequest: {
      onHeadersReceived() {
        session.defaultSession.guards.csp = true;
      },
    },
    setPermissionRequestHandler() {
      session.defaultSession.guards.permissions = true;
    },
    setPermissionCheckHandler() {
      report({ type: 'session', ...session.defaultSession.guards });
    },
  },
};

export const shell = { openExternal: async () => {} };
export const nativeTheme = { shouldUseDarkColors: false };

export const Menu = {
  buildFromTemplate: (template: { role?: string; label?: string }[]) => template,
  setApplicationMenu: (template: { role?: string; label?: string }[]) => report({ type: 'menu', roles: template.map((item) => item.role ?? item.label) }),
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  private readonly options: { title: string; body: string };
  constructor(options: { title: string; body: string }) {
    super();
    this.options = options;
  }
  show() {
    report({ type: 'notification', ...this.options });
  }
}

/** A keyring-less Linux desktop: the shell must keep an entered key in memory only. */
export const safeStorage = {
  getSelectedStorageBackend: () => 'basic_text',
  isAsyncEncryptionAvailable: async () => true,
  encryptStringAsync: async () => {
    throw new Error('a basic_text key must never be encrypted to disk');
  },
  decryptStringAsync: async () => {
    throw new Error('nothing should be read');
  },
};
