import type { RunDetail, RunSummary, StoredAttempt } from '../../../../shared/domain/run-records.ts';
import { emptyCounts } from '../../../../shared/domain/task.ts';
import type { TaskStatus } from '../../../../shared/domain/task.ts';
import type { RunSnapshot, WireEngineEvent, WireEvent } from '../../../../shared/ipc/contract.ts';
import { newTaskView } from '../../../../shared/run-view/task-view.ts';
import type { TaskView } from '../../../../shared/run-view/task-view.ts';
import { ACTIVITY_BUCKET_MS } from '../../../../shared/run-view/activity.ts';
import { DEFAULT_SETTINGS } from '../../../../renderer/store/settings-draft.ts';

/** Builders for runs, snapshots and event batches as main would send them. */
export const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

export function taskViews(count: number, status: TaskStatus = 'queued'): TaskView[] {
  return Array.from({ length: count }, (_, index) => newTaskView(String(index), index, `Topic ${index}`, status));
}

export function runSummary(id: string, patch: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    name: `Run ${id}`,
    status: 'created',
    model: 'gpt-4o-mini',
    total: 3,
    counts: { ...emptyCounts(), queued: 3 },
    outDir: null,
    createdAt: T0,
    updatedAt: T0,
    finishedAt: null,
    error: null,
    startedAt: null,
    endedAt: null,
    costUsd: null,
    rateLimited: 0,
    ...patch,
  };
}

export function runDetail(id: string, patch: Partial<RunDetail> = {}): RunDetail {
  return { ...runSummary(id), settings: DEFAULT_SETTINGS, lastLimits: null, ...patch };
}

export function snapshot(runId: string, tasks: readonly TaskView[], seq = 0, patch: Partial<RunSnapshot> = {}): RunSnapshot {
  const counts = emptyCounts();
  for (const task of tasks) counts[task.status]++;
  return {
    detail: runDetail(runId, { total: tasks.length, counts }),
    tasks,
    phase: 'idle',
    limits: { rpm: 60, tpm: 40_000 },
    workers: 4,
    batches: [],
    seq,
    activity: { bucketMs: ACTIVITY_BUCKET_MS, buckets: [] },
    ...patch,
  };
}

type Body<E> = E extends WireEngineEvent ? Omit<E, 'seq' | 'at' | 'runId'> : never;
export type EventBody = Body<WireEngineEvent>;

/** Events of one run numbered from `firstSeq`, one second apart from T0 + firstSeq s. */
export function events(runId: string, firstSeq: number, bodies: readonly EventBody[]): WireEvent[] {
  return bodies.map((body, offset) => ({ ...body, runId, seq: firstSeq + offset, at: T0 + (firstSeq + offset) * 1_000 }) as WireEvent);
}

export function attempt(patch: Partial<StoredAttempt> & Pick<StoredAttempt, 'attempt' | 'startedAt'>): StoredAttempt {
  return {
    runId: 'run-1',
    taskId: '0',
    status: 'ok',
    endedAt: patch.startedAt + 2_000,
    latencyMs: 2_000,
    estimatedTokens: 1_200,
    waitBeforeMs: 0,
    waitSource: null,
    error: null,
    rateLimit: null,
    regeneration: 0,
    gates: null,
    costUsd: null,
    ...patch,
  };
}
