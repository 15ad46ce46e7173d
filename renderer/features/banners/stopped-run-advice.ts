import type { PacerError } from '../../../shared/domain/errors.ts';
import { BUDGET_REACHED } from '../../../shared/domain/events.ts';

/**
 * What to do about a run that stopped on a run-level error. The engine's error code is the
 * provider's (`invalid_api_key`, `insufficient_quota`, `model_not_found`) when it sent one, else
 * the error kind (`auth`, `quota`, `model_not_found`).
 */
export type StoppedAction = 'settings' | 'resume' | 'raise-budget';

export interface StoppedAdvice {
  readonly advice: string;
  /** The button the banner offers. */
  readonly action: StoppedAction;
}

export function stoppedRunAdvice(error: PacerError): StoppedAdvice {
  switch (error.code) {
    case 'invalid_api_key':
    case 'auth':
    case 'permission_denied':
      return { advice: 'Check the API key in Settings, then resume the run.', action: 'settings' };
    case 'insufficient_quota':
    case 'quota':
      return { advice: 'Check your plan and billing, then resume.', action: 'resume' };
    case BUDGET_REACHED:
      return { advice: 'Raise the budget and resume: only what is not done is sent, and what was spent counts.', action: 'raise-budget' };
    case 'model_not_found':
      // The run keeps the settings it was created with, so a new model means a new run.
      return { advice: 'Pick a model your provider serves in Settings, then start a new run with it.', action: 'settings' };
    default:
      return { advice: 'Fix the cause above, then resume the run: only what is not done is sent again.', action: 'resume' };
  }
}
