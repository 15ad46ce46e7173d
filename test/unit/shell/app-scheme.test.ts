import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerAppRequest, appRequestTarget } from '../../../electron/main/app-scheme.ts';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security.ts';
import { staticRoot } from '../../../electron/web-host/static-files.ts';

let root: string;
let rendererDir: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-app-scheme-'));
  rendererDir = path.join(root, 'dist', 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Pacer</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("pacer")');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'not for the page');
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => answerAppRequest({ url, method }, staticRoot(rendererDir));
const text = (body: Uint8Array | string) => (typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));

describe('app://pacer/, the renderer’s own scheme', () => {
  it('serves the page and its files with the CSP header', async () => {
    for (const url of ['app://pacer/index.html', 'app://pacer/', 'app://pacer', 'app://pacer/index.html?run=1#/history']) {
      const page = await get(url);
      expect([url, page.status, page.headers['Content-Type']]).toEqual([url, 200, 'text/html; charset=utf-8']);
      expect(page.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(text(page.body)).toContain('<title>Pacer</title>');
    }
    const script = await get('app://pacer/assets/app.js');
    expect([script.status, script.headers['Content-Type'], text(script.body)]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log("pacer")']);
    expect(script.headers['X-Content-Type-Options']).toBe('nosniff');
    const head = await get('app://pacer/index.html', 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
  });

  it.each([
    'app://pacer/../secret.txt',
    'app://pacer/%2e%2e/secret.txt',
    'app://pacer/assets/%2E%2E/%2e%2e/secret.txt',
    'app://pacer/assets/..%2f..%2fsecret.txt',
    'app://pacer/..%5csecret.txt',
    'app://pacer//etc/passwd',
    `app://pacer/${encodeURIComponent(path.join('/tmp', 'secret.txt'))}`,
    'app://pacer/C:/secret.txt',
    'app://pacer/assets/link.txt',
    'app://pacer/assets/',
    'app://pacer/%E0%A4%A',
    'app://pacer/nope.js',
    'app://evil/index.html',
    'app://pacer.evil/index.html',
    'app://pacer@evil/index.html',
    'file:///etc/passwd',
  ])('refuses %s with a 404 that carries the CSP header too', async (url) => {
    const answer = await get(url);
    expect(answer.status).toBe(404);
    expect(text(answer.body)).not.toContain('not for the page');
    expect(answer.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('resolves the folder once: files are checked against it as it was when serving began', async () => {
    // The app is given its renderer folder through a link, as an install may be.
    const served = path.join(root, 'served');
    fs.symlinkSync(rendererDir, served);
    const rootOnce = staticRoot(served);
    expect((await answerAppRequest({ url: 'app://pacer/assets/app.js', method: 'GET' }, rootOnce)).status).toBe(200);
    // The link now points somewhere else: what is there was never the renderer, and is not served.
    const other = path.join(root, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'index.html'), 'not for the page');
    fs.rmSync(served);
    fs.symlinkSync(other, served);
    const answer = await answerAppRequest({ url: 'app://pacer/index.html', method: 'GET' }, rootOnce);
    expect([answer.status, text(answer.body)]).toEqual([404, 'Not found.']);
  });

  it('answers only GET and HEAD', async () => {
    const post = await get('app://pacer/index.html', 'POST');
    expect([post.status, post.headers.Allow, post.headers['Content-Security-Policy']]).toEqual([405, 'GET, HEAD', CONTENT_SECURITY_POLICY]);
  });

  it('reads the request target from the raw URL, before anything resolves `..` in it', () => {
    expect(appRequestTarget('app://pacer/a/../b')).toBe('/a/../b');
    expect(appRequestTarget('APP://PACER/index.html')).toBe('/index.html');
    expect(appRequestTarget('app://pacer:8080/index.html')).toBeUndefined();
  });
});
