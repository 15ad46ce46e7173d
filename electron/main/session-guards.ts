import type { Session } from 'electron';
import { withContentSecurityPolicy } from './security.ts';

export type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  readonly webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/**
 * Applies the session-wide guards: our CSP on every response, and no permission for anything
 * (camera, notifications from the page, geolocation…): Pacer's page needs none, and the native
 * notifications come from main.
 */
export function guardSession(session: GuardedSession): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
