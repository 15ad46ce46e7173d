import type { PacerError } from '../../shared/domain/errors.ts';

/** A provider error that stops the whole run (a bad key, no quota, an unknown model), thrown where a run cannot go on. */
export class StopRun extends Error {
  readonly error: PacerError;
  constructor(error: PacerError) {
    super(error.message);
    this.error = error;
  }
}

/** What a run that ended on `error` reports: a StopRun's own error; else a listener (the store) or the run's own code failed, and the run says why. */
export function runError(error: unknown): PacerError {
  if (error instanceof StopRun) return error.error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  return { code: typeof code === 'string' ? code : 'internal', message: `Pacer stopped the run: ${message}` };
}
