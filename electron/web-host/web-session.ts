import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PARAM } from '../../shared/ipc/ws-protocol.ts';

/**
 * The web host's session: the printed URL carries the token once; the first load trades it for
 * an HttpOnly, SameSite=Strict cookie and sends the browser on to the same page without it, so
 * the token leaves the address bar and the history. Every later request (the page, its files,
 * the socket) shows the cookie. Cookies are per host, not per port, so the name carries the port:
 * two hosts on one machine do not overwrite each other's. Pure, so each case is unit-testable.
 */
export const MIN_TOKEN_LENGTH = 32;

export type SessionVerdict =
  | { readonly kind: 'cookie' } // a valid cookie: serve
  | { readonly kind: 'exchange'; readonly location: string; readonly cookie: string } // a valid token in the URL: set the cookie, redirect
  | { readonly kind: 'refused'; readonly reason: 'missing' | 'wrong' };

export function cookieName(port: number): string {
  return `pacer-token-${port}`;
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/** A token someone could guess: the socket drives paid requests. */
export class WeakTokenError extends Error {
  readonly code = 'weak_token';

  constructor(length: number) {
    super(`The web token (PACER_WEB_TOKEN) must be at least ${MIN_TOKEN_LENGTH} characters, got ${length}: anyone who guesses it drives Pacer. Use a long random string, e.g. \`openssl rand -hex 32\`, or leave PACER_WEB_TOKEN unset for a random one.`);
    this.name = 'WeakTokenError';
  }
}

/** The one check of a token's strength, wherever it comes from (startWebHost runs it). */
export function requireStrongToken(token: string): void {
  if (token.length < MIN_TOKEN_LENGTH) throw new WeakTokenError(token.length);
}

export function sessionVerdict(req: Pick<IncomingMessage, 'url' | 'headers'>, port: number, token: string): SessionVerdict {
  const url = URL.parse(req.url ?? '/', 'http://127.0.0.1');
  const given = url?.searchParams.get(TOKEN_PARAM);
  if (url && given !== null && given !== undefined) {
    if (!tokensEqual(given, token)) return { kind: 'refused', reason: 'wrong' };
    url.searchParams.delete(TOKEN_PARAM);
    return { kind: 'exchange', location: `${url.pathname}${url.search}`, cookie: sessionCookie(port, token) };
  }
  const cookie = cookieValue(req.headers.cookie, cookieName(port));
  if (cookie === undefined) return { kind: 'refused', reason: 'missing' };
  return tokensEqual(cookie, token) ? { kind: 'cookie' } : { kind: 'refused', reason: 'wrong' };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at === -1 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** What a browser without the session gets instead of the app: why, and how to get the link again. No script. */
export function refusedPage(reason: 'missing' | 'wrong'): string {
  const why =
    reason === 'missing'
      ? 'This address has no access token. Pacer’s web host gives access only through the link it prints when it starts, which carries one.'
      : 'This link’s access token does not match: it is from an earlier start of the web host, which makes a new token each time.';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Pacer: open the link it printed</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em}code{background:#0001;padding:0 .3em;border-radius:3px}</style></head>
<body><h1>Open the link Pacer printed</h1>
<p data-reason="${reason}">${why}</p>
<p>Look in the terminal where <code>npm run web</code> runs for the line <code>Pacer web UI: http://127.0.0.1:…/?token=…</code> and open that link. If that terminal is gone, stop the web host and start it again with <code>npm run web</code>: it prints a new link.</p>
</body></html>
`;
}

/** Compares in constant time; hashing first makes the lengths equal without revealing the token's. */
export function tokensEqual(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}
