import type { RandomSource } from './seeded-random.ts';
import type { FaultRates } from './options.ts';

export type Fault = 'none' | 'server_error' | 'overload' | 'hang' | CutKind;

/**
 * Ways a reply breaks off after it started: the socket closed (drop), the body ended cleanly but
 * short, with no finish frame nor [DONE] (truncate, as a proxy that gives up),
 * a TCP reset (reset), or silence with the connection held open (stall).
 */
export type CutKind = 'drop' | 'truncate' | 'reset' | 'stall';

/** Everything random about one admitted request. */
export interface RequestDraw {
  readonly fault: Fault;
  /** U(0,1): the share of latency.jitterMs added to the time to first token. */
  readonly jitter: number;
  /** U(0,1): how far into the reply a cut (drop, truncate, reset, stall) comes. */
  readonly dropAt: number;
}

/**
 * Always three draws per admitted request, whatever the outcome, so request N sees the same fate
 * on every server started with the same seed and given requests in the same order.
 */
export function drawRequest(random: RandomSource, rates: FaultRates): RequestDraw {
  const roll = random();
  const jitter = random();
  const dropAt = random();
  return { fault: pickFault(roll, rates), jitter, dropAt };
}

function pickFault(roll: number, rates: FaultRates): Fault {
  let edge = rates.serverErrorRate;
  if (roll < edge) return 'server_error';
  edge += rates.overloadRate;
  if (roll < edge) return 'overload';
  edge += rates.hangRate;
  if (roll < edge) return 'hang';
  edge += rates.dropRate;
  if (roll < edge) return 'drop';
  // Appended after the older kinds, so a seed keeps the faults it had before these existed.
  edge += rates.truncateRate;
  if (roll < edge) return 'truncate';
  edge += rates.resetRate;
  if (roll < edge) return 'reset';
  edge += rates.stallRate;
  if (roll < edge) return 'stall';
  return 'none';
}
