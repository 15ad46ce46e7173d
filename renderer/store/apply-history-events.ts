import type { RunStatus, RunSummary } from '../../shared/domain/run-records.ts';
import type { WireEvent } from '../../shared/ipc/contract.ts';

/**
 * Run-level events of any run, folded into the history list so its statuses move without a
 * reload. Task events are left alone: counts come back with the next `runs.list` (main sends
 * `runs.changed` when a run finishes). Returns the same array when nothing changed.
 */
export function applyHistoryEvents(runs: readonly RunSummary[], events: readonly WireEvent[]): readonly RunSummary[] {
  let next: RunSummary[] | undefined;
  for (const event of events) {
    const change = runChange(event);
    if (!change) continue;
    const list = next ?? runs;
    const index = list.findIndex((run) => run.id === event.runId);
    if (index === -1) continue;
    next ??= [...runs];
    next[index] = { ...next[index]!, ...change };
  }
  return next ?? runs;
}

function runChange(event: WireEvent): Partial<RunSummary> | null {
  switch (event.type) {
    case 'run.started':
    case 'run.resumed':
      return { status: 'running' satisfies RunStatus, updatedAt: event.at, error: null, finishedAt: null };
    case 'run.paused':
      return { status: 'paused', updatedAt: event.at };
    case 'run.finished':
      return { status: event.outcome, counts: event.counts, updatedAt: event.at, finishedAt: event.at, error: event.error ?? null };
    default:
      return null;
  }
}
