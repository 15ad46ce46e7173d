import { assertNever } from '../../shared/assert-never.ts';
import type { StatusCounts } from '../../shared/domain/task.ts';
import type { WireEvent } from '../../shared/ipc/contract.ts';
import { nextTaskView } from '../../shared/run-view/task-view.ts';
import type { TaskView } from '../../shared/run-view/task-view.ts';
import { failureActivity, recordActivity } from '../../shared/run-view/activity.ts';
import type { ActivityBucket } from '../../shared/run-view/activity.ts';
import type { ExportFailure, LimitsChange, LiveRunData } from './live-run-data.ts';
import { MAX_EXPORT_FAILURES } from './live-run-data.ts';
import { swapTask } from './task-totals.ts';

/**
 * Folds one batch of events into the open run: the store applies the result in ONE `set`. Only
 * the tasks an event touched get new objects (via the shared `nextTaskView`), so every other
 * row's memoised view keeps its identity and does not re-render.
 */
export interface ApplyOutcome {
  /** Changed fields; null when nothing in the batch concerned the open run. */
  readonly patch: Partial<LiveRunData> | null;
  /** The stream skipped a seq, or did something this view cannot follow: open the run again. */
  readonly gap: boolean;
}

type TaskEvent = Parameters<typeof nextTaskView>[1];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const GAP: ApplyOutcome = { patch: null, gap: true };

/** What the engine takes as the server having answered (engine/attempt.ts): a token, a reply, or an error that is not the network's. */
function isReply(event: WireEvent): boolean {
  switch (event.type) {
    case 'attempt.progress':
    case 'task.done':
    case 'task.needs_review':
    case 'attempt.rejected':
      return true;
    case 'attempt.failed':
      return event.error.kind !== 'timeout' && event.error.kind !== 'network' && event.error.kind !== 'cancelled';
    default:
      return false;
  }
}

export function applyRunEvents(state: LiveRunData, events: readonly WireEvent[]): ApplyOutcome {
  const patch: Partial<Mutable<LiveRunData>> = {};
  // Copied on first write, then written in place for the rest of the batch.
  let byId: Record<string, TaskView> | undefined;
  let counts: StatusCounts | undefined;
  let totals = state.totals;
  let activity: ActivityBucket[] | undefined;
  let limitsHistory: LimitsChange[] | undefined;
  let exportFailures: ExportFailure[] | undefined;
  let lastSeq = state.lastSeq;
  let touched = false;

  for (const event of events) {
    if (event.runId !== state.openRunId) continue;
    touched = true;
    if (event.type === 'export.written') {
      patch.exportsWritten = (patch.exportsWritten ?? state.exportsWritten) + 1;
      continue;
    }
    if (event.type === 'export.failed') {
      exportFailures ??= [...state.exportFailures];
      exportFailures.push({ taskId: event.taskId, code: event.code, message: event.message });
      continue;
    }
    if (event.type === 'batch.status') {
      patch.batches = event.batches;
      continue;
    }
    if (event.type === 'quota.status') {
      const sharing = { mode: event.mode, members: event.members, ...(event.reason && { reason: event.reason }) };
      if (event.key === undefined) patch.sharing = sharing;
      else patch.keySharing = { ...(patch.keySharing ?? state.keySharing), [event.key]: sharing };
      continue;
    }
    // A snapshot is read from the engine, ahead of the batcher: events it already includes may
    // still arrive after it (buffered while it loaded, or in the next batch). They are skipped.
    if (event.seq <= lastSeq) continue;
    if (event.seq !== lastSeq + 1) return GAP;
    lastSeq = event.seq;

    switch (event.type) {
      case 'task.queued':
      case 'task.waiting':
      case 'attempt.started':
      case 'attempt.progress':
      case 'attempt.failed':
      case 'retry.scheduled':
      case 'attempt.rejected':
      case 'task.done':
      case 'task.needs_review':
      case 'task.failed':
      case 'task.cancelled':
      case 'task.skipped': {
        byId ??= { ...state.byId };
        const before = byId[event.taskId];
        if (!before) return GAP;
        let after: TaskView;
        try {
          // A done event's text stays in main; nextTaskView never reads it.
          after = nextTaskView(before, event as TaskEvent);
        } catch {
          // An illegal transition means this view missed something.
          return GAP;
        }
        byId[event.taskId] = after;
        // Counts and totals keep their identity through progress events: what reads them stays still.
        if (after.status !== before.status) {
          counts ??= { ...state.counts };
          counts[before.status]--;
          counts[after.status]++;
        }
        totals = swapTask(totals, before, after);
        if (isReply(event)) patch.awaitingFirstReply = false;
        if (event.type === 'attempt.started') recordActivity((activity ??= [...state.activity]), event.at, 'request', event.estimatedTokens, state.activityBucketMs);
        if (event.type === 'attempt.failed') {
          const kind = failureActivity(event.error);
          if (kind) recordActivity((activity ??= [...state.activity]), event.at, kind, 0, state.activityBucketMs);
        }
        break;
      }
      case 'run.started':
        // A start may bring new settings (a higher budget): the header reads them.
        if (state.detail) patch.detail = { ...state.detail, settings: event.settings };
        patch.phase = 'running';
        patch.runStatus = 'running';
        patch.runError = null;
        patch.startedAt = event.at;
        patch.endedAt = null;
        patch.awaitingFirstReply = true;
        break;
      case 'run.resumed':
        patch.phase = 'running';
        patch.runStatus = 'running';
        break;
      case 'run.paused':
        patch.phase = 'paused';
        patch.runStatus = 'paused';
        break;
      case 'run.limits':
        patch.limits = event.limits;
        patch.shapes = event.shapes;
        if (event.keys) patch.keys = event.keys;
        patch.workers = event.workers;
        (limitsHistory ??= [...state.limitsHistory]).push({ at: event.at, ...event.limits });
        break;
      case 'run.finished':
        patch.endedAt = event.at;
        patch.phase = 'finished';
        patch.runStatus = event.outcome;
        patch.runError = event.error ?? null;
        break;
      default:
        assertNever(event, 'event');
    }
  }

  if (!touched) return { patch: null, gap: false };
  if (byId) patch.byId = byId;
  if (counts) patch.counts = counts;
  if (totals !== state.totals) patch.totals = totals;
  if (activity) patch.activity = activity;
  if (limitsHistory) patch.limitsHistory = limitsHistory;
  if (exportFailures) patch.exportFailures = exportFailures.slice(-MAX_EXPORT_FAILURES);
  if (lastSeq !== state.lastSeq) patch.lastSeq = lastSeq;
  return { patch, gap: false };
}
