import path from 'node:path';
import { APP_URL } from './security.ts';

export interface AppPaths {
  /** The renderer's built folder (top-level vite.config.ts builds it to dist/renderer), served as app://pacer/. */
  readonly rendererDir: string;
  /** Its page, read at start to check that it carries its own CSP. */
  readonly indexHtml: string;
  /** The bundled preload (electron/build/vite.preload.config.ts). */
  readonly preload: string;
  /** app://pacer/index.html: the only URL the window may show and IPC may come from. */
  readonly appUrl: string;
}

/** Where the built files are, from the app's root: the project folder in development, app.asar when packaged. */
export function appPaths(appRoot: string): AppPaths {
  const rendererDir = path.join(appRoot, 'dist', 'renderer');
  return {
    rendererDir,
    indexHtml: path.join(rendererDir, 'index.html'),
    preload: path.join(appRoot, 'out', 'preload', 'index.cjs'),
    appUrl: APP_URL,
  };
}
