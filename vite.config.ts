import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

/**
 * The renderer build. Electron serves it as app://pacer/ (electron/main/app-scheme.ts) and the web
 * host over http, so every URL is relative (`base: './'`). Both run under a strict CSP
 * (`script-src 'self'`), so the output may hold no inline script: the check below fails the build
 * if one ever appears.
 */
const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

/** Defence in depth: the page carries its own CSP, added to the build only (dev needs HMR's inline preamble). */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');

function strictHtml(): Plugin {
  return {
    name: 'pacer-strict-html',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const inline = /<script\b(?![^>]*\bsrc=)[^>]*>/i.exec(html);
        if (inline) throw new Error(`The built index.html has an inline script, which the CSP (script-src 'self') blocks: ${inline[0]}`);
        return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }];
      },
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), strictHtml()],
  // The topics worker (renderer/topics/topics-worker.ts) is a module worker, like the page.
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    // Chromium has modulepreload natively; the polyfill would only add code.
    modulePreload: { polyfill: false },
    // data: URIs for small assets would need a looser img-src/font-src.
    assetsInlineLimit: 0,
    target: 'es2023',
  },
});
