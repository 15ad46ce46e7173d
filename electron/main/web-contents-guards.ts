import type { WebContents } from 'electron';
import { isExternalWebLink, isTrustedUrl } from './security.ts';

export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Guards one web contents (every one Electron creates, wired from `web-contents-created`): neither
 * it nor any of its frames may navigate or be redirected away from the app's page, it may open no
 * window of its own, and may not attach a <webview>. A link the user clicks opens in the system browser, http(s) only, so a
 * `file:` or custom-scheme link in a model's reply cannot launch anything.
 */
export function guardWebContents(contents: GuardedContents, appUrl: string, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => {
    if (!isTrustedUrl(event.url, appUrl)) event.preventDefault();
  });
  // Every frame's navigations, the top one's included: the page has no frames of its own, so a
  // sub-frame (injected, or opened by a model's reply rendered by mistake) may go nowhere at all.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame || !isTrustedUrl(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isTrustedUrl(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebLink(url)) openExternal(url);
    return { action: 'deny' };
  });
}
