import type { PacerError } from '../../../shared/domain/errors.ts';

/** A provider error that stops the whole run (a bad key, no quota, an unknown model). */
export class StopRun extends Error {
  readonly error: PacerError;
  constructor(error: PacerError) {
    super(error.message);
    this.error = error;
  }
}

/** What a run that ended on `error` reports: a StopRun's own error, else the error's code and message. */
export function runError(error: unknown): PacerError {
  if (error instanceof StopRun) return error.error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'batch_failed';
  return { code, message: error instanceof Error ? error.message : String(error) };
}
