/**
 * Where a batch is at a given moment, as a pure function of its schedule and the time. Nothing
 * runs in the background: every read computes the state from the simulator's clock, so a fake
 * clock moves a batch exactly and a closed simulator leaves no timers behind.
 */
export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

export const ENDED_STATUSES: readonly BatchStatus[] = ['failed', 'completed', 'expired', 'cancelled'];

export interface BatchSchedule {
  readonly createdAt: number;
  /** Validation ends: `in_progress`, or `failed` when the batch is invalid. */
  readonly validatedAt: number;
  /** Every line has finished: `finalizing`. */
  readonly finalizingAt: number;
  readonly completedAt: number;
  readonly expiresAt: number;
  /** How long `cancelling` lasts. */
  readonly cancelMs: number;
  readonly invalid: boolean;
  /** When each input line finishes, by input position. */
  readonly lineDoneAt: readonly number[];
}

/** Times (ms on the simulator's clock) of the moments a batch has reached, for its *_at fields. */
export interface BatchMoments {
  readonly in_progress_at?: number;
  readonly finalizing_at?: number;
  readonly completed_at?: number;
  readonly failed_at?: number;
  readonly expired_at?: number;
  readonly cancelling_at?: number;
  readonly cancelled_at?: number;
}

export interface BatchPhase {
  readonly status: BatchStatus;
  readonly moments: BatchMoments;
  /** Lines done at or before this time are finished; the others never will be once ended. */
  readonly cutoff: number;
}

/** The schedule of a batch created at `createdAt` whose lines finish in `order` (a permutation of input positions). */
export function scheduleBatch(createdAt: number, completionMs: number, expiryMs: number, order: readonly number[] | null): BatchSchedule {
  const validatedAt = createdAt + completionMs * 0.1;
  const finalizingAt = createdAt + completionMs * 0.9;
  const lineDoneAt: number[] = [];
  if (order) {
    const step = (finalizingAt - validatedAt) / order.length;
    order.forEach((position, rank) => (lineDoneAt[position] = validatedAt + step * (rank + 1)));
  }
  return {
    createdAt,
    validatedAt,
    finalizingAt,
    completedAt: createdAt + completionMs,
    expiresAt: createdAt + expiryMs,
    cancelMs: completionMs * 0.1,
    invalid: order === null,
    lineDoneAt,
  };
}

/** Whether a batch asked to cancel at `at` may be: only before its lines are all done. */
export function canCancel(schedule: BatchSchedule, cancelledAt: number | null, at: number): boolean {
  const { status } = batchPhase(schedule, cancelledAt, at);
  return status === 'validating' || status === 'in_progress';
}

export function batchPhase(s: BatchSchedule, cancelRequestedAt: number | null, now: number): BatchPhase {
  if (cancelRequestedAt !== null && now >= cancelRequestedAt) {
    const cancelledAt = cancelRequestedAt + s.cancelMs;
    const started = cancelRequestedAt >= s.validatedAt ? { in_progress_at: s.validatedAt } : {};
    if (now < cancelledAt) return { status: 'cancelling', moments: { ...started, cancelling_at: cancelRequestedAt }, cutoff: cancelRequestedAt };
    return { status: 'cancelled', moments: { ...started, cancelling_at: cancelRequestedAt, cancelled_at: cancelledAt }, cutoff: cancelRequestedAt };
  }
  if (!s.invalid && s.expiresAt < s.completedAt && now >= s.expiresAt) {
    const started = s.expiresAt >= s.validatedAt ? { in_progress_at: s.validatedAt } : {};
    return { status: 'expired', moments: { ...started, expired_at: s.expiresAt }, cutoff: s.expiresAt };
  }
  if (now < s.validatedAt) return { status: 'validating', moments: {}, cutoff: now };
  if (s.invalid) return { status: 'failed', moments: { failed_at: s.validatedAt }, cutoff: s.validatedAt };
  if (now < s.finalizingAt) return { status: 'in_progress', moments: { in_progress_at: s.validatedAt }, cutoff: now };
  if (now < s.completedAt) return { status: 'finalizing', moments: { in_progress_at: s.validatedAt, finalizing_at: s.finalizingAt }, cutoff: now };
  return { status: 'completed', moments: { in_progress_at: s.validatedAt, finalizing_at: s.finalizingAt, completed_at: s.completedAt }, cutoff: s.completedAt };
}

export function hasEnded(status: BatchStatus): boolean {
  return ENDED_STATUSES.includes(status);
}
