import type { AttemptError } from '../../../shared/domain/errors.ts';

/**
 * Connection errors that mean no server answers at that address (as opposed to one that answered
 * and then broke off): the system error codes, and what they mean in words.
 */
const UNREACHABLE = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  // fetch refuses to connect to some ports (6000, 6665-6669 and others on the WHATWG list) at all.
  BAD_PORT: 'fetch refuses to connect to this port; serve on another one',
} as const;
export type UnreachableCode = keyof typeof UNREACHABLE;

function isUnreachableCode(code: unknown): code is UnreachableCode {
  return typeof code === 'string' && Object.hasOwn(UNREACHABLE, code);
}

/** True for an attempt that never reached a server: nothing listens, or the host is not there. */
export function isUnreachable(error: AttemptError): boolean {
  return error.kind === 'network' && isUnreachableCode(error.code);
}

/** What an unreachable error's code means, for a message: "ECONNREFUSED: connection refused". */
export function unreachableReason(code: string | undefined): string {
  return isUnreachableCode(code) ? `${code}: ${UNREACHABLE[code]}` : 'no connection';
}

/** The system error code somewhere in the cause chain (undici nests it two or three deep). */
export function unreachableCode(error: unknown): UnreachableCode | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    const code = (next as { code?: unknown }).code;
    if (isUnreachableCode(code)) return code;
    if (next instanceof Error && next.message === 'bad port') return 'BAD_PORT'; // undici's words, it has no code
    queue.push((next as { cause?: unknown }).cause);
    // Happy eyeballs tries every address and reports them together.
    if (next instanceof AggregateError) queue.push(...next.errors);
  }
  return undefined;
}
