import { readFile } from 'node:fs/promises';
import { contentTypeOf, staticFile, staticFilePath } from '../web-host/static-files.ts';
import type { StaticRoot } from '../web-host/static-files.ts';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security.ts';

/**
 * The renderer is served from `app://pacer/`, a privileged scheme of Pacer's own, not file://:
 * a file:// page may read any other file:// URL it can name and has privileges no web page has
 * (see the grantFileProtocolExtraPrivileges fuse, off in electron-builder.yml). The scheme's origin
 * holds the built renderer folder and nothing else. This module is the pure half, the answer to
 * one request; app-protocol.ts hands it to Electron with the scheme's privileges (security.ts).
 */
export interface AppResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Empty for HEAD and for errors. */
  readonly body: Uint8Array<ArrayBuffer> | string;
}

/** On every answer, errors included: the page's policy, and no guessing of content types. */
const ALWAYS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
} as const;

/**
 * Answers one request for `app://pacer/…` from the renderer folder (resolved once: staticRoot). A path is refused (404) if any
 * segment could leave the folder (`..`, an encoded `/` or `\`, a NUL: staticFilePath, shared with the
 * web host), if it names another host, or if the file it reaches through a symlink lies outside the
 * folder. `/` is index.html; nothing is listed.
 */
export async function answerAppRequest(request: { readonly url: string; readonly method: string }, root: StaticRoot): Promise<AppResponse> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Only GET and HEAD are served here.', { Allow: 'GET, HEAD' });
  const target = appRequestTarget(request.url);
  const file = target === undefined ? null : staticFilePath(root.dir, target);
  const found = file === null ? null : await staticFile(root, file);
  if (found === null) return plain(404, 'Not found.');
  const { real } = found;
  try {
    const body = request.method === 'HEAD' ? '' : await readFile(real);
    // A local app rebuilt in place: always revalidate rather than run yesterday's bundle.
    return { status: 200, headers: { ...ALWAYS, 'Content-Type': contentTypeOf(real), 'Cache-Control': 'no-cache' }, body };
  } catch {
    return plain(404, 'Not found.');
  }
}

/**
 * The path and query of an app:// URL, still percent-encoded (staticFilePath decodes it segment by
 * segment), or undefined for another scheme or host. Read from the raw text, not through URL, which
 * would resolve `/../` and `%2e%2e` before the checks could see them.
 */
export function appRequestTarget(url: string): string | undefined {
  const prefix = `${APP_SCHEME}://${APP_HOST}`;
  if (!url.toLowerCase().startsWith(prefix)) return undefined;
  const rest = url.slice(prefix.length);
  if (rest === '') return '/';
  return rest.startsWith('/') ? rest : undefined;
}

function plain(status: number, text: string, extra: Record<string, string> = {}): AppResponse {
  return { status, headers: { ...ALWAYS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra }, body: text };
}
