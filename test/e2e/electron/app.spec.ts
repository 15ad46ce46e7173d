import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test as base } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { findInstalledElectron } from '../../../electron/build/electron-binary.ts';

/**
 * The desktop app itself: Electron, the sandboxed preload and the renderer together. Needs an
 * Electron binary (node_modules/electron/dist, or ELECTRON_OVERRIDE_DIST_PATH); where there is
 * none the whole file is skipped and says why, instead of passing on nothing.
 */
const binary = findInstalledElectron();
const projectRoot = path.resolve(import.meta.dirname, '../../..');

interface Fixtures {
  readonly userData: string;
  readonly app: ElectronApplication;
  readonly page: Page;
}

/** Each test gets its own user-data folder (store, settings, Chromium profile) and its own app. */
const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
  userData: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pacer-electron-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  app: async ({ userData }, use) => {
    if (!binary.found) throw new Error('unreachable: the file is skipped without a binary');
    const app = await electron.launch({
      executablePath: binary.path,
      // Chromium refuses to run as root with its OS sandbox (CI containers); the page's own sandbox flag is unaffected.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), projectRoot],
      env: { ...process.env, PACER_USER_DATA_DIR: userData, OPENAI_API_KEY: '' },
    });
    await use(app);
    await app.close();
  },
  page: async ({ app }, use) => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await use(page);
  },
});

test.skip(
  !binary.found,
  `No Electron binary on this machine: ${binary.found ? '' : binary.lookedFor} does not exist (it is downloaded from GitHub). ` +
    'Set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 45, or run `npx install-electron` where GitHub is reachable.',
);

test('opens one window with the secure baseline, on the built page', async ({ app, page }) => {
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const windows = BrowserWindow.getAllWindows();
    // The preferences the page really got; an internal method Electron's own tests use, missing from its typings.
    const contents = windows[0]?.webContents as (Electron.WebContents & { getLastWebPreferences(): Electron.WebPreferences | null }) | undefined;
    const p = contents?.getLastWebPreferences();
    return {
      windows: windows.length,
      contextIsolation: p?.contextIsolation,
      sandbox: p?.sandbox,
      nodeIntegration: p?.nodeIntegration,
      webSecurity: p?.webSecurity,
      webviewTag: p?.webviewTag,
      spellcheck: p?.spellcheck,
      preload: p?.preload,
    };
  });
  expect(prefs).toEqual({
    windows: 1,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
    spellcheck: false,
    preload: path.join(projectRoot, 'out', 'preload', 'index.cjs'),
  });
  // Served from Pacer's own privileged scheme (a secure context of its own origin), not file://.
  expect(page.url()).toBe('app://pacer/index.html');
  expect(await page.evaluate(() => ({ origin: location.origin, secure: isSecureContext }))).toEqual({ origin: 'app://pacer', secure: true });
});

test('gives the page window.pacer and nothing of Node, under a CSP that blocks eval', async ({ page }) => {
  const world = await page.evaluate(() => ({
    bridge: Object.keys(window.pacer ?? {}).sort(),
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    evalBlocked: (() => {
      try {
        return eval('1') !== 1;
      } catch {
        return true;
      }
    })(),
    popup: window.open('https://example.com/') === null,
  }));
  expect(world).toEqual({ bridge: ['call', 'on'], require: 'undefined', process: 'undefined', evalBlocked: true, popup: true });
  const info = await page.evaluate(() => window.pacer!.call('app.info', {}));
  expect(info).toMatchObject({ ok: true, value: { transport: 'electron' } });
  const unknown = await page.evaluate(() => window.pacer!.call('fs.read' as never, {} as never));
  expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
});

test('runs three pasted topics on the simulator through the UI', async ({ page }) => {
  await page.getByRole('textbox', { name: 'Topics, one per line' }).fill('Growing tomatoes on a balcony\nSourdough starter troubleshooting\nRepairing a bike tyre');
  await page.getByTestId('run-button').click();
  // Waits on the app's own answer, through the same bridge the UI uses.
  await expect
    .poll(
      async () => {
        const runs = await page.evaluate(() => window.pacer!.call('runs.list', {}));
        return runs.ok ? runs.value.map((run) => ({ status: run.status, done: run.counts.done })) : runs.error;
      },
      { timeout: 90_000 },
    )
    .toEqual([{ status: 'completed', done: 3 }]);
});
