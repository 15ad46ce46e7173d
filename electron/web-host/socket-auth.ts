import type { IncomingMessage } from 'node:http';
import { WS_PATH } from '../../shared/ipc/ws-protocol.ts';
import { allowedHosts, allowedOrigins } from './security-headers.ts';
import { sessionVerdict } from './web-session.ts';

/**
 * Who may open the socket that drives Pacer: only the page this host served, opened from the URL
 * it printed. Three checks, all required: the Host is ours (no DNS rebinding), the Origin is ours
 * (no other site's page, not even one on another local port), and the session cookie the printed
 * URL set (or the token itself) matches (no other local program or user that can reach the port). Pure, so every refusal is unit-testable.
 */
export type UpgradeVerdict = { readonly ok: true } | { readonly ok: false; readonly status: 403 | 404; readonly reason: string };

export function checkUpgrade(req: Pick<IncomingMessage, 'url' | 'headers'>, port: number, token: string): UpgradeVerdict {
  const url = URL.parse(req.url ?? '/', 'http://127.0.0.1');
  if (!url) return { ok: false, status: 404, reason: 'unparsable request target' };
  if (url.pathname !== WS_PATH) return { ok: false, status: 404, reason: `no socket at ${url.pathname}` };
  if (!allowedHosts(port).includes(req.headers.host ?? '')) return { ok: false, status: 403, reason: 'unexpected Host header' };
  if (!allowedOrigins(port).includes(req.headers.origin ?? '')) return { ok: false, status: 403, reason: 'origin not allowed' };
  // The page shows its session cookie; a scripted client may give the token itself.
  if (sessionVerdict(req, port, token).kind === 'refused') return { ok: false, status: 403, reason: 'missing or wrong token' };
  return { ok: true };
}


