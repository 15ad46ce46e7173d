import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ErrorReply } from './openai-errors.ts';
import { invalidApiKey, missingApiKey } from './openai-errors.ts';
import type { ResolvedOptions } from './options.ts';

/** Reading requests and writing JSON replies, for every route of the simulator. */

/** The bearer key, or the 401 to send. A missing key is refused even when any key would do. */
export function authenticate(req: IncomingMessage, options: ResolvedOptions): string | ErrorReply {
  const key = /^Bearer\s+(.*)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';
  if (key === '') return missingApiKey();
  if (options.apiKeys && !options.apiKeys.has(key)) return invalidApiKey(key);
  return key;
}

/**
 * The whole body, or null when it is over `maxBytes`. An oversized body is still read to its end
 * (and dropped), so the reply reaches a client that is still sending.
 */
export function readBody(req: IncomingMessage, maxBytes: number, onBody: (body: Buffer | null) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  });
  req.on('end', () => onBody(size > maxBytes ? null : Buffer.concat(chunks, size)));
}

export function sendError(res: ServerResponse, headers: OutgoingHttpHeaders, reply: ErrorReply): void {
  sendJson(res, headers, reply.status, { error: reply.error });
}

export function sendJson(res: ServerResponse, headers: OutgoingHttpHeaders, status: number, body: unknown): void {
  sendText(res, headers, status, JSON.stringify(body), 'application/json');
}

export function sendText(res: ServerResponse, headers: OutgoingHttpHeaders, status: number, text: string, contentType: string): void {
  if (res.destroyed) return;
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
