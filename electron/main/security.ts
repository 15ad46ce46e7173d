import type { WebPreferences } from 'electron';

/**
 * The window's security baseline, as plain data and pure functions so a unit test can hold it to
 * account without an Electron binary (style.md, rule 10). The Electron-touching files
 * (window.ts, session-guards.ts, web-contents-guards.ts) only apply what is decided here.
 */

/** The renderer's own scheme and origin, app://pacer (app-scheme.ts serves it). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pacer';
/** The one page the window shows, and the only URL trusted to call into main. */
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * standard: URLs resolve like http (relative paths, an origin of its own); secure: a secure context,
 * as https; supportFetchAPI: module scripts load through fetch. Not bypassCSP, not service workers.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/**
 * The renderer is a bundled page that talks to main only through `window.pacer`: it needs no Node,
 * no access to the preload's world, and no relaxed web security. There is nothing to set for the
 * remote module: Electron removed it in version 14.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * Scripts only from the app itself (no inline, no eval): an injected `<script>` in a model's reply
 * rendered by mistake cannot run. Inline styles stay allowed because React sets `style` attributes.
 * The renderer reaches main through IPC, never the network, so `connect-src 'self'` costs nothing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type ResponseHeaders = Record<string, string | string[]>;

/** The response headers with our policy in place of any the response carried (in any letter case). */
export function withContentSecurityPolicy(headers: ResponseHeaders | undefined): ResponseHeaders {
  const result: ResponseHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}

/**
 * Besides the header on every app:// response, the page carries a policy of its own in a
 * `<meta http-equiv="Content-Security-Policy">` tag. The page may be stricter than
 * the header (both are enforced), but its scripts must come from 'self' alone. Returns what is
 * wrong with the page, or undefined when one of its tags holds scripts to that.
 */
export function cspMetaProblem(html: string): string | undefined {
  const tags = html.match(/<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>/gi) ?? [];
  if (tags.length === 0) return 'it has no <meta http-equiv="Content-Security-Policy"> tag';
  const problems = tags.map((tag) => {
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
    const directives = parsePolicy(decodeHtmlAttribute(content?.[1] ?? content?.[2] ?? ''));
    const scripts = directives.get('script-src') ?? directives.get('default-src');
    if (!scripts) return 'its Content-Security-Policy <meta> tag has neither script-src nor default-src, so scripts are unrestricted';
    const loose = scripts.filter((source) => source !== "'self'" && source !== "'none'");
    return loose.length > 0 ? `its Content-Security-Policy <meta> tag lets scripts come from ${loose.join(' ')}, not only 'self'` : undefined;
  });
  return problems.includes(undefined) ? undefined : problems[0];
}

/** Build tools write quotes in attributes as entities (Vite: `&#39;self&#39;`); the browser reads them decoded. */
function decodeHtmlAttribute(value: string): string {
  const named: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
  return value.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|quot|apos|lt|gt));/gi, (entity, decimal?: string, hex?: string, name?: string) => {
    if (decimal) return String.fromCodePoint(Number(decimal));
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    return named[name!.toLowerCase()] ?? entity;
  });
}

/** Directive name (lower case) to its sources; the first occurrence of a directive wins, as in CSP. */
function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const directive of policy.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/**
 * Only the app's own index page is trusted: the app:// URL of its page, whatever its query or hash
 * (the renderer may route with either). Every other page, scheme or host is untrusted, file://
 * included, and so are other files of the app and anything that fails to parse.
 */
export function isTrustedUrl(url: string, appUrl: string): boolean {
  const candidate = parseUrl(url);
  const app = parseUrl(appUrl);
  if (!candidate || !app || app.protocol !== `${APP_SCHEME}:`) return false;
  return candidate.protocol === app.protocol && candidate.host === app.host && candidate.pathname === app.pathname;
}

/** Links the user may open in the system browser: http(s) only, never file:, javascript: or custom schemes. */
export function isExternalWebLink(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== undefined && (parsed.protocol === 'https:' || parsed.protocol === 'http:');
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
