/**
 * Tells from a server's `remaining` / `reset` headers which shape of limit it enforces
 * (provider-behaviour.md, "Server shapes seen in practice"):
 *
 * - a continuous bucket: `reset` is the time until it is full again, so each unit granted pushes
 *   the moment it is full (grant time + reset) later by 1/rate;
 * - fixed windows: `reset` is the time to the window's end, so grant time + reset stays on the same
 *   boundary from response to response while `remaining` counts down.
 *
 * The server measures `reset` when the request arrives, a network delay after the grant; taking
 * grant time + reset counts in the client's own grant times, and the delay cancels out when a
 * later grant is compared with that sum. Pairs of observations vote; a pair votes only when a
 * bucket would have moved the end by clearly more than timing noise.
 */
export interface ShapeObservation {
  readonly grantedAt: number;
  /** Units granted by this client up to and including this permit. */
  readonly mark: number;
  readonly amount: number;
  readonly remaining: number;
  readonly resetMs: number;
}

export type DetectedShape =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'bucket' }
  | {
      readonly kind: 'window';
      /** Grant time from which a request lands in the next window. */
      readonly end: number;
      /** Units one window admits, as far as this client has seen. */
      readonly allowance: number;
      /** Window length: seen between two windows' ends, else undefined. */
      readonly lengthMs: number | undefined;
      /** The length is a round one the ends confirmed within the noise (else a measured gap, which is noisy). */
      readonly lengthExact: boolean;
      /** Spread of grant time + reset within one window: the timing noise to keep clear of. */
      readonly jitterMs: number;
    };

/** Below this a moving end and a fixed one cannot be told apart from timing noise. */
const MIN_SIGNAL_MS = 100;
export const BASE_TOLERANCE_MS = 25;
/** A bucket would have moved the end by this much at least: far beyond timing noise. */
const STRONG_SIGNAL_MS = 400;
const VOTES_TO_DECIDE = 2;
const ROUND_TOLERANCE = 0.05;

interface Cluster {
  /** The observation the others are compared with: the first one seen of this cluster. */
  readonly reference: ShapeObservation & { readonly end: number };
  minEnd: number;
  maxEnd: number;
  /**
   * The most `remaining + amount` seen, in this window or an earlier one: for the first of our
   * requests the server counted in a window, what the window held before it. Counting our own grants instead would be thrown off
   * by requests that reach the server in another order than they were granted.
   */
  allowance: number;
}

export class ShapeDetector {
  private cluster: Cluster | undefined;
  private windowVotes = 0;
  private bucketVotes = 0;
  private lengthMs: number | undefined;
  /** The length is a round one the ends confirmed: noisier gaps no longer move it. */
  private exactLength = false;

  /** `ratePerMs` is the server's refill rate, for what a bucket would have done. */
  observe(seen: ShapeObservation, ratePerMs: number): void {
    const end = seen.grantedAt + seen.resetMs;
    const cluster = this.cluster;
    // Granted after the end the cluster named: the bucket had refilled, or the window had turned.
    if (!cluster || seen.grantedAt >= cluster.maxEnd) {
      this.startCluster(seen, end, ratePerMs);
      return;
    }
    this.vote(cluster.reference, { ...seen, end }, ratePerMs);
    cluster.minEnd = Math.min(cluster.minEnd, end);
    cluster.maxEnd = Math.max(cluster.maxEnd, end);
    cluster.allowance = Math.max(cluster.allowance, seen.remaining + seen.amount);
  }

  get shape(): DetectedShape {
    if (this.windowVotes >= VOTES_TO_DECIDE && this.windowVotes > 2 * this.bucketVotes && this.cluster) {
      const { maxEnd, minEnd, allowance } = this.cluster;
      return { kind: 'window', end: maxEnd, allowance, lengthMs: this.lengthMs, lengthExact: this.exactLength, jitterMs: maxEnd - minEnd };
    }
    if (this.bucketVotes >= VOTES_TO_DECIDE && this.bucketVotes > 2 * this.windowVotes) return { kind: 'bucket' };
    return { kind: 'unknown' };
  }

  private startCluster(seen: ShapeObservation, end: number, ratePerMs: number): void {
    const previous = this.cluster;
    if (previous && this.windowVotes > this.bucketVotes) this.learnLength(end - previous.maxEnd, previous.allowance / ratePerMs);
    this.cluster = {
      reference: { ...seen, end },
      minEnd: end,
      maxEnd: end,
      // A window whose first requests were someone else's (another process on the quota) shows
      // less than it held: what an earlier window showed still stands.
      allowance: Math.max(previous?.allowance ?? 0, seen.remaining + seen.amount),
    };
  }

  /**
   * Window ends seen one after another give the window's length, give or take timing noise;
   * skipped windows give a multiple of it. A window that holds `allowance` at the limit's rate
   * lasts `nominalMs`: a gap that is a multiple of that, within the noise, confirms it exactly,
   * which keeps the local windows from drifting off the server's. Servers count in round lengths
   * (a second, 5 s, 10 s, a minute): a gap that is one within the noise is taken as exact too,
   * before an allowance that may have looked short (another process first into the window) makes
   * a length that drifts by what it missed every window.
   */
  private learnLength(gap: number, nominalMs: number): void {
    if (!(gap > BASE_TOLERANCE_MS)) return;
    const tolerance = Math.max(BASE_TOLERANCE_MS, 0.02 * gap);
    const multiple = Math.round(gap / nominalMs);
    const nominalFits = multiple >= 1 && Math.abs(gap - multiple * nominalMs) <= tolerance;
    const roundNominal = roundLength(nominalMs);
    if (nominalFits && roundNominal !== undefined) {
      this.exactLength = true;
      this.lengthMs = roundNominal;
      return;
    }
    const unit = gap >= 1_000 ? 1_000 : 100;
    const round = Math.round(gap / unit) * unit;
    // A round length is worth a wider tolerance: a loaded machine's ends wander by tens of ms.
    if (round > 0 && Math.abs(gap - round) <= Math.max(BASE_TOLERANCE_MS, ROUND_TOLERANCE * gap)) {
      this.lengthMs = this.exactLength && this.lengthMs !== undefined ? Math.min(this.lengthMs, round) : round;
      this.exactLength = true;
      return;
    }
    if (this.exactLength) return;
    if (nominalFits) {
      this.lengthMs = nominalMs;
      return;
    }
    this.lengthMs = this.lengthMs === undefined ? gap : Math.min(this.lengthMs, gap);
  }

  private vote(reference: Cluster['reference'], seen: ShapeObservation & { readonly end: number }, ratePerMs: number): void {
    const [earlier, later] = seen.mark > reference.mark ? [reference, seen] : [seen, reference];
    const units = later.mark - earlier.mark;
    const bucketShift = units / ratePerMs;
    if (!(bucketShift >= MIN_SIGNAL_MS)) return;
    const shift = later.end - earlier.end;
    // A bucket cannot hold its end still over this much refill: one such pair settles it (a
    // run that starts late in a short window has no time for a second).
    if (Math.abs(shift) <= Math.max(BASE_TOLERANCE_MS, bucketShift / 8)) this.windowVotes += bucketShift >= STRONG_SIGNAL_MS ? VOTES_TO_DECIDE : 1;
    else if (shift >= bucketShift / 2) this.bucketVotes += 1;
  }
}

/**
 * `ms` as whole seconds, or whole tenths of a second under one, when it is one but for float
 * error (an allowance over a rate per ms); else undefined. Other processes compare it exactly.
 */
function roundLength(ms: number): number | undefined {
  const unit = ms >= 1_000 ? 1_000 : 100;
  const round = Math.round(ms / unit) * unit;
  return round > 0 && Math.abs(ms - round) < 1e-6 ? round : undefined;
}
