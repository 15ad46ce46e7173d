import { readFile } from 'node:fs/promises';
import { BrowserWindow, dialog, nativeTheme } from 'electron';
import type { AppPaths } from './app-paths.ts';
import { cspMetaProblem, secureWebPreferences } from './security.ts';

// Painted before the page's first frame, so a dark desktop does not flash white on open.
const BACKGROUND = { dark: '#16181d', light: '#ffffff' } as const;

/** The one window: secure baseline, shown once it has painted. Navigation guards come from `web-contents-created`. */
export function createMainWindow(paths: AppPaths): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Pacer',
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 600,
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light,
    webPreferences: secureWebPreferences(paths.preload),
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(paths.appUrl).catch((error: unknown) => {
    dialog.showErrorBox('Pacer could not show its window', `${paths.appUrl} (${paths.indexHtml}) did not load: ${error instanceof Error ? error.message : String(error)}. Rebuild the app with npm run build.`);
  });
  void warnOnWeakPageCsp(paths.indexHtml);
  return window;
}

/**
 * Every app:// response carries the CSP header (app-scheme.ts); the page's own <meta> policy is the
 * second line, should the page ever be shown another way: say so loudly when the built index.html
 * lacks one that confines scripts to 'self'.
 */
async function warnOnWeakPageCsp(indexHtml: string): Promise<void> {
  try {
    const problem = cspMetaProblem(await readFile(indexHtml, 'utf8'));
    if (problem) console.warn(`Pacer: ${indexHtml}: ${problem}.`);
  } catch {
    // Unreadable: loadURL reports that itself.
  }
}
