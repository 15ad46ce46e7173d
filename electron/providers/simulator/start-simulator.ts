import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatorOptions } from './options.ts';
import { mergeOptions, resolveOptions } from './options.ts';
import { createState, handleRequest } from './request-handler.ts';
import type { SimulatorStats } from './stats.ts';

/** A running simulator: an OpenAI-compatible HTTP server on loopback. */
export interface RunningSimulator {
  /** Base URL including /v1, e.g. http://127.0.0.1:PORT/v1, for `new OpenAI({ baseURL })`. */
  readonly url: string;
  readonly port: number;
  stats(): SimulatorStats;
  /**
   * Changes limits, faults, latency, keys or models live. Buckets keep their levels under the new
   * rates. seed, host, port and clock are fixed at start and throw here.
   */
  update(options: Partial<SimulatorOptions>): void;
  /** Stops listening and destroys every open socket, hung requests included, so tests never hang. */
  close(): Promise<void>;
}

/**
 * Idle keep-alive sockets stay open this long. Above undici's 4 s default (and the server's
 * `Keep-Alive: timeout` hint lets clients use most of it), so a busy client reuses connections
 * instead of paying a handshake per request, and never races a server-side close.
 */
const KEEP_ALIVE_MS = 30_000;

export async function startSimulator(options?: SimulatorOptions): Promise<RunningSimulator> {
  const state = createState(resolveOptions(options));
  const server = createServer({ noDelay: true, keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => handleRequest(state, req, res));
  // headersTimeout must outlast keepAliveTimeout, or Node may cut a reused socket mid-request.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(state.options.port, state.options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}/v1`,
    port: address.port,
    stats: () => state.stats.snapshot(),
    update(change) {
      state.options = mergeOptions(state.options, change);
      state.limits.configure(state.options, state.options.clock.now());
    },
    close() {
      closing ??= closeServer(server, state.open);
      return closing;
    },
  };
}

/**
 * Resolves once the server has stopped and every open response has emitted 'close' (which comes
 * a tick after the server's own close), so stats read after close() are final.
 */
async function closeServer(server: Server, open: ReadonlySet<ServerResponse>): Promise<void> {
  const responsesClosed = [...open].map((res) => new Promise((resolve) => res.once('close', resolve)));
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await Promise.all([serverClosed, ...responsesClosed]);
}
