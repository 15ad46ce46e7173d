/**
 * Headers on every response of the web host. The page may load only its own scripts and styles and
 * talk only to its own origin and socket (a strict CSP, as the Electron window has); it cannot be
 * framed (clickjacking the Start button) nor leak its URL, which carries the socket's token, in a
 * Referer.
 */
export function securityHeaders(port: number): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // React sets style attributes at runtime; no script may be inline.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** The only origins the page itself can have: the printed URL, or the same port as localhost. */
export function allowedOrigins(port: number): readonly string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * Host headers the server answers to. Anything else is a DNS-rebinding attempt (a hostile name
 * resolved to 127.0.0.1 to make its page same-origin with ours), refused before anything is served.
 */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}
