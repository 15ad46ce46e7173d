/**
 * How long to wait before polling a batch again. Fast at first, so a batch that ends in seconds
 * (as on the simulator) is collected in seconds, then backing off to minutes, since a real batch
 * may take hours and every poll is a request.
 */
export interface PollSchedule {
  /** @default 500 */
  readonly firstMs: number;
  /** @default 1.5 */
  readonly factor: number;
  /** @default 300_000 (5 min) */
  readonly maxMs: number;
}

export const DEFAULT_POLL_SCHEDULE: PollSchedule = { firstMs: 500, factor: 1.5, maxMs: 300_000 };

/** The wait before poll number `polls + 1`, given `polls` polls already made. */
export function pollDelayMs(polls: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
  return Math.min(schedule.maxMs, Math.round(schedule.firstMs * schedule.factor ** Math.max(0, polls)));
}
