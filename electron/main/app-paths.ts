import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppPaths {
  /** The renderer's built page (top-level vite.config.ts builds it to dist/renderer). */
  readonly indexHtml: string;
  /** The bundled preload (electron/build/vite.preload.config.ts). */
  readonly preload: string;
  /** The page's file:// URL: the only URL the window may show and IPC may come from. */
  readonly appUrl: string;
}

/** Where the built files are, from the app's root: the project folder in development, app.asar when packaged. */
export function appPaths(appRoot: string): AppPaths {
  const indexHtml = path.join(appRoot, 'dist', 'renderer', 'index.html');
  return {
    indexHtml,
    preload: path.join(appRoot, 'out', 'preload', 'index.cjs'),
    appUrl: pathToFileURL(indexHtml).href,
  };
}
