import type { RunStatus } from '../domain/run-records.ts';
import type { RunPhase } from './run-view.ts';

/**
 * Whether a run is going, and how long its latest start has lasted: the history's rows, the open
 * run's header and its controls all answer alike. A stored status and a live phase name a going
 * run the same way.
 */
export function isGoing(state: RunStatus | RunPhase): boolean {
  return state === 'running' || state === 'paused';
}

interface RunSpan {
  /** The latest start; null for a run never started. */
  readonly startedAt: number | null;
  /** When that start ended; null while it goes (or when nothing says, for a run that died before its first request). */
  readonly endedAt: number | null;
}

/** Until the start ended, or until `now` while the run goes; null if never started or its end is unknown. */
export function elapsedMs(span: RunSpan, going: boolean, now: number): number | null {
  if (span.startedAt === null) return null;
  const end = going ? now : span.endedAt;
  return end === null ? null : Math.max(0, end - span.startedAt);
}
