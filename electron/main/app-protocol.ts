import { protocol } from 'electron';
import { staticRoot } from '../web-host/static-files.ts';
import { answerAppRequest } from './app-scheme.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES } from './security.ts';

/** Before the app is ready (Electron's rule): `app:` becomes a standard, secure scheme. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Once ready: `app://pacer/…` answers from the built renderer folder, the CSP header on every response (app-scheme.ts). */
export function serveAppScheme(rendererDir: string): void {
  const root = staticRoot(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = await answerAppRequest({ url: request.url, method: request.method }, root);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
}
