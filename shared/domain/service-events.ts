import type { BatchSummary } from './batch.ts';
import type { EngineEvent } from './events.ts';

/**
 * What a RunService tells its listeners: every engine event of every run it drives (already
 * stored when they hear it), plus what happened to each article on disk.
 */
export type ExportEvent =
  | { readonly type: 'export.written'; readonly runId: string; readonly taskId: string; readonly path: string }
  | { readonly type: 'export.failed'; readonly runId: string; readonly taskId: string; readonly code: string; readonly message: string };

/**
 * How a run's quota is shared with other processes through Redis: `shared` with `members` alive,
 * or `alone` (Redis out of reach: this process goes on at its share of the limit, and rejoins).
 */
export interface QuotaEvent {
  readonly type: 'quota.status';
  readonly runId: string;
  readonly mode: 'shared' | 'alone';
  readonly members: number;
  readonly reason?: string;
  /** With several keys: which one's quota (its label). */
  readonly key?: string;
}

/** A batch run's Batch API batches, whenever one's state or counts change. */
export interface BatchStatusEvent {
  readonly type: 'batch.status';
  readonly runId: string;
  readonly batches: readonly BatchSummary[];
}

export type ServiceEvent = EngineEvent | ExportEvent | QuotaEvent | BatchStatusEvent;

/** The engine's own events among a service's: the ones that carry a seq. */
export function isEngineEvent(event: ServiceEvent): event is EngineEvent {
  return 'seq' in event;
}
