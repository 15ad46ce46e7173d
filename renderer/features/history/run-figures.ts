import type { RunStatus, RunSummary } from '../../../shared/domain/run-records.ts';

const GOING: readonly RunStatus[] = ['running', 'paused'];

/** How long the run's latest start has lasted: until it ended, or until `now` while it goes; null if never started. */
export function runDurationMs(run: Pick<RunSummary, 'status' | 'startedAt' | 'endedAt'>, now: number): number | null {
  if (run.startedAt === null) return null;
  const end = GOING.includes(run.status) ? now : run.endedAt;
  return end === null ? null : Math.max(0, end - run.startedAt);
}

export function isGoing(status: RunStatus): boolean {
  return GOING.includes(status);
}
