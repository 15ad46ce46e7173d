import type { RunSettings } from '../../../shared/domain/settings.ts';
import { etaUnderLimits } from '../estimate-run.ts';

/**
 * When the Batch API is worth it under a deadline. A batch may take the whole 24 h window, so with
 * a deadline the run can only count on it if what is left can still go online in time: batch is
 * chosen while online could finish by the deadline from now (with a margin), and what is left
 * moves online when that stops being true.
 */
export const COMPLETION_WINDOW_MS = 24 * 60 * 60 * 1_000;

/** Room kept before the deadline: a tenth of it, at least `floorMs`. */
export function handoverMarginMs(deadlineMs: number, floorMs = 60_000): number {
  return Math.max(floorMs, deadlineMs / 10);
}

export interface Remaining {
  readonly requests: number;
  /** Prompt plus max output tokens, as the online limiter reserves them. */
  readonly tokens: number;
}

/**
 * How long `remaining` takes online under the run's limits; undefined when neither limit is known
 * (the server's headers would tell, but only once online requests go).
 */
export function onlineEtaMs(settings: RunSettings, remaining: Remaining): number | undefined {
  if (settings.rpm === null && settings.tpm === null) return undefined;
  return etaUnderLimits({ requests: remaining.requests, tokens: remaining.tokens, rpm: settings.rpm, tpm: settings.tpm }).etaMs;
}

/** auto: batch when the whole run can still finish by the deadline that way; online otherwise. */
export function chooseTier(settings: RunSettings, remaining: Remaining, floorMs?: number): 'batch' | 'online' {
  if (settings.mode !== 'auto') return settings.mode;
  if (settings.deadlineMs === null || settings.deadlineMs >= COMPLETION_WINDOW_MS + handoverMarginMs(settings.deadlineMs, floorMs)) return 'batch';
  const eta = onlineEtaMs(settings, remaining);
  return eta !== undefined && eta + handoverMarginMs(settings.deadlineMs, floorMs) < settings.deadlineMs ? 'batch' : 'online';
}

/**
 * When what is left must go online to make the deadline (auto, or batch with a deadline): its
 * online time plus the margin before it. Limits unknown: at the margin. Never without a deadline.
 */
export function handoverAt(settings: RunSettings, deadlineAt: number | undefined, remaining: Remaining, floorMs?: number): number {
  if (deadlineAt === undefined || settings.deadlineMs === null || remaining.requests === 0) return Infinity;
  return deadlineAt - (onlineEtaMs(settings, remaining) ?? 0) - handoverMarginMs(settings.deadlineMs, floorMs);
}
