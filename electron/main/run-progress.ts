import type { WireEngineEvent, WireEvent } from '../../shared/ipc/contract.ts';
import { isFinished } from '../../shared/domain/task.ts';
import type { TaskStatus } from '../../shared/domain/task.ts';

export type RunFinishedEvent = Extract<WireEngineEvent, { type: 'run.finished' }>;

export interface ProgressBar {
  /** Finished tasks over all tasks of every active run, 0..1. */
  readonly fraction: number;
  /** Every active run is paused. */
  readonly paused: boolean;
}

export interface BatchOutcome {
  /** Runs that (re)started in this batch: their snapshot should be fed to seed(). */
  readonly started: readonly string[];
  readonly finished: readonly RunFinishedEvent[];
}

interface ActiveRun {
  readonly total: number;
  /** Per task: finished (done, failed, skipped: shared/domain/task.ts) or not; only tasks we know about. */
  readonly finished: Map<string, boolean>;
  finishedCount: number;
  paused: boolean;
}

/**
 * What the taskbar/dock progress shows, folded from the batched service events. A resumed run's
 * earlier finished tasks send no event, so each start is seeded from the run's snapshot; a task's
 * own event always wins over the snapshot, which may be older than it. Events arrive in order, so
 * the count converges whichever of the two comes first.
 */
export class RunProgress {
  private readonly runs = new Map<string, ActiveRun>();

  apply(events: readonly WireEvent[]): BatchOutcome {
    const started: string[] = [];
    const finished: RunFinishedEvent[] = [];
    for (const event of events) {
      switch (event.type) {
        case 'run.started':
          this.runs.set(event.runId, { total: event.total, finished: new Map(), finishedCount: 0, paused: false });
          started.push(event.runId);
          break;
        case 'run.paused':
        case 'run.resumed': {
          const run = this.runs.get(event.runId);
          if (run) run.paused = event.type === 'run.paused';
          break;
        }
        case 'run.finished':
          this.runs.delete(event.runId);
          finished.push(event);
          break;
        case 'task.queued':
        case 'task.cancelled':
          this.mark(event.runId, event.taskId, false);
          break;
        case 'task.done':
        case 'task.needs_review':
        case 'task.failed':
        case 'task.skipped':
          this.mark(event.runId, event.taskId, true);
          break;
        default:
          // In-flight detail (attempts, waits, limits, exports) does not move the bar.
          break;
      }
    }
    return { started, finished };
  }

  /** Fills in tasks no event has told about yet, from a snapshot of the run. */
  seed(runId: string, tasks: readonly { readonly id: string; readonly status: TaskStatus }[]): void {
    const run = this.runs.get(runId);
    if (!run) return;
    for (const task of tasks) {
      if (!run.finished.has(task.id)) this.mark(runId, task.id, isFinished(task.status));
    }
  }

  /** undefined when no run is going: the bar is removed. */
  bar(): ProgressBar | undefined {
    if (this.runs.size === 0) return undefined;
    let total = 0;
    let finished = 0;
    let paused = true;
    for (const run of this.runs.values()) {
      total += run.total;
      finished += run.finishedCount;
      paused &&= run.paused;
    }
    return { fraction: total === 0 ? 0 : Math.min(1, finished / total), paused };
  }

  private mark(runId: string, taskId: string, finished: boolean): void {
    const run = this.runs.get(runId);
    if (!run) return;
    const before = run.finished.get(taskId) ?? false;
    run.finished.set(taskId, finished);
    run.finishedCount += Number(finished) - Number(before);
  }
}
