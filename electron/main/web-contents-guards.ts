import type { WebContents } from 'electron';
import { isExternalWebLink, isTrustedUrl } from './security.ts';

export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Guards one web contents (every one Electron creates, wired from `web-contents-created`): it may
 * not navigate or be redirected away from the app's page, may open no window of its own, and may
 * not attach a <webview>. A link the user clicks opens in the system browser, http(s) only, so a
 * `file:` or custom-scheme link in a model's reply cannot launch anything.
 */
export function guardWebContents(contents: GuardedContents, appUrl: string, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => {
    if (!isTrustedUrl(event.url, appUrl)) event.preventDefault();
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
