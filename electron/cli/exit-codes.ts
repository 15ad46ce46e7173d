/** The CLI's exit codes, part of its contract with scripts. */
export const EXIT = {
  ok: 0, // every task done
  someFailed: 1, // the run completed but some tasks failed
  usage: 2, // bad usage or input, or a data folder that cannot be used (locked, unwritable, full)
  stopped: 3, // the run was stopped by a run-level error (bad key, quota, unknown model, no server, a wait of hours)
  budgetReached: 4, // the run stopped at its budget (--budget-usd): resume it with a higher one
  needsReview: 5, // the run completed with no failure, but some articles failed a quality gate after every regeneration
  interrupted: 130, // Ctrl-C: the run was cancelled
} as const;

/** A problem with what the user typed or gave us; exits with EXIT.usage and this message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
