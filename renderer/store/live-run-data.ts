import type { BatchSummary } from '../../shared/domain/batch.ts';
import type { PacerError } from '../../shared/domain/errors.ts';
import type { KeyStatus } from '../../shared/domain/keys.ts';
import type { LimitShapes, Limits } from '../../shared/domain/rate-limit.ts';
import type { RunDetail, RunStatus } from '../../shared/domain/run-records.ts';
import type { StatusCounts } from '../../shared/domain/task.ts';
import { emptyCounts } from '../../shared/domain/task.ts';
import type { RunSnapshot } from '../../shared/ipc/contract.ts';
import type { RunPhase } from '../../shared/run-view/run-view.ts';
import type { TaskView } from '../../shared/run-view/task-view.ts';
import type { ActivityBucket } from '../../shared/run-view/activity.ts';
import { ACTIVITY_BUCKET_MS } from '../../shared/run-view/activity.ts';
import type { TaskTotals } from './task-totals.ts';
import { emptyTotals, totalsOf } from './task-totals.ts';

/**
 * The open run as the run view shows it: tasks normalised as `byId` + `order` (style rule 11),
 * kept current from live events by `applyRunEvents`.
 */
export interface ExportFailure {
  readonly taskId: string;
  readonly code: string;
  readonly message: string;
}

/** The limits in force from `at` on, for the chart's limit line. */
export interface LimitsChange extends Limits {
  readonly at: number;
}

export interface LiveRunData {
  readonly openRunId: string | null;
  /** The run as `run.open` returned it: settings, model, output folder. */
  readonly detail: RunDetail | null;
  /** Kept current from run-level events (detail.status is the snapshot's). */
  readonly runStatus: RunStatus | null;
  /** Why the run stopped (bad key, quota, unknown model), until it starts again. */
  readonly runError: PacerError | null;
  readonly byId: Readonly<Record<string, TaskView>>;
  /** Task ids in input order. */
  readonly order: readonly string[];
  readonly counts: StatusCounts;
  /** Sums over the tasks (cost, retries, the probe's held tasks), kept current like `counts`. */
  readonly totals: TaskTotals;
  readonly phase: RunPhase;
  readonly limits: Limits;
  /** What the server turned out to allow (how much at once, its windows), once learned. */
  readonly shapes: LimitShapes | undefined;
  /** How the run's quota is shared with other processes through Redis; undefined without Redis (or with a pool: keySharing). */
  readonly sharing: QuotaSharing | undefined;
  /** With a pool of keys: each key (label and last four characters), its limits, shape and whether it is still in the pool. */
  readonly keys: readonly KeyStatus[] | undefined;
  /** With a pool of keys and Redis: how each key's quota is shared, by the key's label. */
  readonly keySharing: Readonly<Record<string, QuotaSharing>>;
  readonly workers: number;
  /**
   * Started in this window and no reply yet: the engine sends one request (the probe) until the
   * server has answered once, so a bad key or quota costs one request. A window opened mid-run
   * cannot tell, and assumes the probe is over.
   */
  readonly awaitingFirstReply: boolean;
  /** The run's latest start, and when it ended (null while going): its elapsed time. */
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  /** The seq of the last event applied: later ones must follow on (lastSeq + 1), or the view resyncs. */
  readonly lastSeq: number;
  /** A snapshot is being fetched (opening, or resyncing after a gap); events are buffered meanwhile. */
  readonly syncing: boolean;
  /** The chart: the stored attempts up to the snapshot, then live events, in buckets of activityBucketMs. */
  readonly activity: readonly ActivityBucket[];
  readonly activityBucketMs: number;
  /** Limit changes seen since the run was opened, after the snapshot's limits. */
  readonly limitsHistory: readonly LimitsChange[];
  readonly exportsWritten: number;
  /** Most recent last, at most MAX_EXPORT_FAILURES. */
  readonly exportFailures: readonly ExportFailure[];
  /** A batch run's Batch API batches, as last reported. */
  readonly batches: readonly BatchSummary[];
}

export interface QuotaSharing {
  readonly mode: 'shared' | 'alone';
  readonly members: number;
  readonly reason?: string;
}

export const MAX_EXPORT_FAILURES = 50;

export function emptyLiveRun(): LiveRunData {
  return {
    openRunId: null,
    detail: null,
    runStatus: null,
    runError: null,
    byId: {},
    order: [],
    counts: emptyCounts(),
    totals: emptyTotals(),
    phase: 'idle',
    limits: { rpm: null, tpm: null },
    shapes: undefined,
    sharing: undefined,
    keys: undefined,
    keySharing: {},
    workers: 0,
    awaitingFirstReply: false,
    startedAt: null,
    endedAt: null,
    lastSeq: 0,
    syncing: false,
    activity: [],
    activityBucketMs: ACTIVITY_BUCKET_MS,
    limitsHistory: [],
    exportsWritten: 0,
    exportFailures: [],
    batches: [],
  };
}

/** What a snapshot replaces; the limit history, export tallies, keys and quota sharing are what this window saw, and stay. */
export type SnapshotFields = Omit<LiveRunData, 'limitsHistory' | 'exportsWritten' | 'exportFailures' | 'openRunId' | 'syncing' | 'sharing' | 'keys' | 'keySharing'>;

export function fromSnapshot(snapshot: RunSnapshot): SnapshotFields {
  const tasks = [...snapshot.tasks].sort((a, b) => a.index - b.index);
  const byId: Record<string, TaskView> = {};
  const counts = emptyCounts();
  for (const task of tasks) {
    byId[task.id] = task;
    counts[task.status]++;
  }
  const { detail } = snapshot;
  return {
    detail,
    runStatus: detail.status,
    runError: detail.status === 'stopped' ? detail.error : null,
    byId,
    order: tasks.map((task) => task.id),
    counts,
    totals: totalsOf(tasks),
    phase: snapshot.phase,
    limits: snapshot.limits,
    shapes: snapshot.shapes,
    workers: snapshot.workers,
    awaitingFirstReply: false,
    startedAt: detail.startedAt,
    endedAt: detail.endedAt,
    lastSeq: snapshot.seq,
    activity: snapshot.activity.buckets,
    activityBucketMs: snapshot.activity.bucketMs,
    batches: snapshot.batches,
  };
}
