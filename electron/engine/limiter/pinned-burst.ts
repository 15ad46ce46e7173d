import type { RunSettings } from '../../../shared/domain/settings.ts';

/** The user's advanced setting as the limiter takes it: how much may go at once, per dimension; unset ones are learned. */
export function pinnedBurst(settings: Pick<RunSettings, 'burst'>): { requests?: number; tokens?: number } {
  return { ...(settings.burst.requests !== null && { requests: settings.burst.requests }), ...(settings.burst.tokens !== null && { tokens: settings.burst.tokens }) };
}
