import path from 'node:path';
import { app, dialog, ipcMain, session, shell } from 'electron';
import type { BrowserWindow } from 'electron';
import { PacerApp } from '../app/pacer-app.ts';
import { knownSecrets } from '../secrets/secret-redactor.ts';
import { StoreError } from '../store/store-error.ts';
import { appPaths } from './app-paths.ts';
import { registerAppScheme, serveAppScheme } from './app-protocol.ts';
import { createNativeDialogs } from './dialogs.ts';
import { forwardEvents, registerInvoke } from './ipc-bridge.ts';
import { installApplicationMenu } from './menu.ts';
import { showRunActivity } from './run-activity.ts';
import { SafeStorageSecretStore } from './secret-store.ts';
import { guardSession } from './session-guards.ts';
import { guardWebContents } from './web-contents-guards.ts';
import { createMainWindow } from './window.ts';
import { defaultDataDir } from '../store/default-data-dir.ts';
import { eventChannel } from '../preload/bridge-core.ts';
import { simulatorOptionsFromEnv } from '../providers/simulator/options-from-env.ts';

/**
 * The app's lifecycle: one instance, guards before any page loads, the backend opened on the
 * user's data folder, one window, and a quit that first lets PacerApp cancel its runs (resumable)
 * and close the store.
 */

// Each e2e test points the app at its own folder. Set before the single-instance lock, which is
// per folder, so parallel test apps do not find each other. Only in development and tests: an
// installed app must not be pointed at another profile (and its data) by an environment variable.
const userDataOverride = app.isPackaged ? undefined : process.env.PACER_USER_DATA_DIR?.trim();
if (userDataOverride) app.setPath('userData', path.resolve(userDataOverride));
else if (process.env.PACER_USER_DATA_DIR) console.warn('Pacer: PACER_USER_DATA_DIR is ignored by an installed app; it is for development and tests.');

// Windows shows notifications only for an app whose id matches its installer's (electron-builder's appId).
if (process.platform === 'win32') app.setAppUserModelId('app.pacer.desktop');

// Before ready, or Electron ignores it: the renderer's app:// scheme gets its privileges.
registerAppScheme();

const paths = appPaths(app.getAppPath());
let mainWindow: BrowserWindow | undefined;
/** No window before the IPC handlers are in place: a page must never call into nothing. */
let backendOpen = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, paths.appUrl, (url) => void shell.openExternal(url)));
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  guardSession(session.defaultSession);
  serveAppScheme(paths.rendererDir);
  installApplicationMenu((command) => {
    const contents = mainWindow?.webContents;
    if (contents && !contents.isDestroyed()) contents.send(eventChannel('menu.command'), { command });
  });
  // The same store as the CLI and the web host (PACER_DATA_DIR, else the per-user data folder), so
  // a run started from a terminal shows in the app's history; a test's own folder overrides both.
  const dataDir = userDataOverride ? app.getPath('userData') : defaultDataDir(process.env);
  const secrets = await SafeStorageSecretStore.open({ dir: dataDir });
  let simulator;
  try {
    simulator = simulatorOptionsFromEnv(process.env);
  } catch (error) {
    dialog.showErrorBox('Pacer cannot start', (error as Error).message);
    app.exit(1);
    return;
  }
  let pacer: PacerApp;
  try {
    pacer = await PacerApp.open({ dataDir, secrets, transport: 'electron', version: app.getVersion(), dialogs: createNativeDialogs(() => mainWindow), simulator });
  } catch (error) {
    // locked (another Pacer has it), corrupt (kept aside), newer_version…: the message says what to do.
    if (error instanceof StoreError) {
      dialog.showErrorBox('Pacer cannot open its data', error.message);
      app.exit(1);
      return;
    }
    throw error;
  }
  registerInvoke(ipcMain, pacer, () => mainWindow?.webContents, paths.appUrl);
  forwardEvents(pacer, () => mainWindow?.webContents);
  showRunActivity(pacer, () => mainWindow);
  closeBeforeQuit(pacer, secrets);

  app.on('window-all-closed', () => {
    // macOS apps stay in the dock without windows; runs go on and the dock icon reopens the window.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => showWindow());
  backendOpen = true;
  showWindow();
}

function showWindow(): void {
  if (!backendOpen) return;
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  const window = createMainWindow(paths);
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  mainWindow = window;
}

/** The first quit is held until PacerApp has cancelled its runs (resumable) and closed the store. */
function closeBeforeQuit(pacer: PacerApp, secrets: SafeStorageSecretStore): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void Promise.allSettled([pacer.close(), secrets.flush()]).then((results) => {
      for (const result of results) if (result.status === 'rejected') console.error(knownSecrets.redactText(`Pacer: closing failed: ${String(result.reason)}`));
      state = 'closed';
      app.quit();
    });
  });
}

function fail(error: unknown): void {
  dialog.showErrorBox('Pacer could not start', knownSecrets.redactText(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  app.exit(1);
}
