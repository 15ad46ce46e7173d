import type { ProviderSettings } from '../../shared/domain/settings.ts';

/**
 * The server a run talks to, as messages name it: scheme, host, port and path only. A base URL
 * may carry a user name, a password or a key in its query (some gateways take `?api-key=`), and
 * none of that may reach a message, the store or the screen.
 */
export function serverAddress(provider: ProviderSettings): string {
  if (provider.kind === 'simulator') return 'the built-in simulator';
  try {
    const url = new URL(provider.baseURL);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'the configured base URL';
  }
}
