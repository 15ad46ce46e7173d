import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_URL as PACER_APP_URL, CONTENT_SECURITY_POLICY, cspMetaProblem, isExternalWebLink, isTrustedUrl, secureWebPreferences, withContentSecurityPolicy } from '../../../electron/main/security.ts';

const APP_URL = 'app://pacer/index.html';

function directive(name: string): string[] {
  const found = CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name);
  if (!found) throw new Error(`no ${name} in ${CONTENT_SECURITY_POLICY}`);
  return found.slice(1);
}

describe('secureWebPreferences', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security on, spellcheck off, the given preload', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('has no remote-module switch to get wrong (Electron removed the module)', () => {
    expect(Object.keys(secureWebPreferences('/p'))).not.toContain('enableRemoteModule');
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it("allows scripts from 'self' only: no inline scripts, no eval", () => {
    expect(directive('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(directive('script-src')).not.toContain("'unsafe-inline'");
  });

  it('is the policy the brief fixed, directive by directive', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it('replaces a response policy in any letter case and keeps the other headers', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ["script-src *"], 'Content-Type': ['text/html'] });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('cspMetaProblem (the page carries a policy of its own, besides the header)', () => {
  const page = (content: string) => `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${content}"></head></html>`;

  it('accepts our policy and a stricter one', () => {
    expect(cspMetaProblem(page(CONTENT_SECURITY_POLICY))).toBeUndefined();
    expect(cspMetaProblem(page("default-src 'self'; script-src 'self'; style-src 'self'; form-action 'none'"))).toBeUndefined();
    expect(cspMetaProblem(page("default-src 'self'"))).toBeUndefined();
  });

  it('reads the policy as the browser does, with HTML entities decoded (Vite writes quotes as &#39;)', () => {
    const escaped = (policy: string) => `<meta http-equiv="Content-Security-Policy" content="${policy.replaceAll("'", '&#39;')}">`;
    expect(cspMetaProblem(escaped("default-src 'self'; script-src 'self'"))).toBeUndefined();
    expect(cspMetaProblem(escaped("script-src 'self' 'unsafe-eval'"))).toMatch(/'unsafe-eval'/);
    expect(cspMetaProblem(`<meta http-equiv="Content-Security-Policy" content="script-src &#x27;self&#x27;">`)).toBeUndefined();
  });

  it('flags a page without the tag, and one whose scripts may come from elsewhere', () => {
    expect(cspMetaProblem('<html><head></head></html>')).toMatch(/no <meta http-equiv="Content-Security-Policy">/);
    expect(cspMetaProblem(page("script-src 'self' 'unsafe-inline'"))).toMatch(/'unsafe-inline'/);
    expect(cspMetaProblem(page("default-src 'self' 'unsafe-eval'"))).toMatch(/'unsafe-eval'/);
    expect(cspMetaProblem(page("img-src 'self'"))).toMatch(/neither script-src nor default-src/);
  });

  const builtPage = new URL('../../../dist/renderer/index.html', import.meta.url);
  it.skipIf(!existsSync(builtPage))("holds for the renderer's built page (skipped until npm run build has made dist/renderer/index.html)", () => {
    expect(cspMetaProblem(readFileSync(builtPage, 'utf8'))).toBeUndefined();
  });
});

describe('isTrustedUrl', () => {
  it("trusts the app's own index page, with any query or hash", () => {
    expect(isTrustedUrl(APP_URL, APP_URL)).toBe(true);
    expect(isTrustedUrl(`${APP_URL}?run=42`, APP_URL)).toBe(true);
    expect(isTrustedUrl(`${APP_URL}#/runs/42`, APP_URL)).toBe(true);
  });

  it('is the page the window loads', () => {
    expect(PACER_APP_URL).toBe(APP_URL);
  });

  it.each([
    ['another local file', 'file:///etc/passwd'],
    ['the page over file://', 'file:///opt/Pacer/resources/app.asar/dist/renderer/index.html'],
    ['a file next to the page', APP_URL.replace('index.html', 'other.html')],
    ['the same path on another host of the scheme', 'app://evil/index.html'],
    ['the same path on a network host', 'file://evil.example/index.html'],
    ['a web page', 'https://evil.example'],
    ['a web page with the same path', `https://evil.example${new URL(APP_URL).pathname}`],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['about:blank', 'about:blank'],
    ['something that is not a URL', 'not a url'],
    ['an empty string', ''],
  ])('does not trust %s', (_what, url) => {
    expect(isTrustedUrl(url, APP_URL)).toBe(false);
  });

  it('trusts nothing when the app URL itself is not on the app:// scheme', () => {
    expect(isTrustedUrl('https://example.com/', 'https://example.com/')).toBe(false);
    expect(isTrustedUrl('file:///index.html', 'file:///index.html')).toBe(false);
  });
});

describe('isExternalWebLink', () => {
  it('lets only http(s) links out to the system browser', () => {
    expect(isExternalWebLink('https://platform.openai.com/account/limits')).toBe(true);
    expect(isExternalWebLink('http://localhost:8787/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'mailto:a@b.c', 'nonsense']) {
      expect(isExternalWebLink(url), url).toBe(false);
    }
  });
});
