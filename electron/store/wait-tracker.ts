import type { WaitSource } from '../../shared/domain/rate-limit.ts';

/**
 * Remembers, per task, the waits announced since its last attempt (`task.waiting`,
 * `retry.scheduled`) so the next `attempt.started` can record how long the task really waited and
 * why. In memory only: after a crash the pending wait is meaningless, a resumed task waits anew.
 *
 * The recorded wait is measured (from the first announcement to the start of the request), not the
 * sum of the planned waits, which overlap and are estimates. Its source is that of the longest
 * planned wait, the one that explains most of it.
 */
export interface WaitBefore {
  readonly waitBeforeMs: number;
  readonly source: WaitSource | null;
}

interface PendingWait {
  readonly since: number;
  plannedMs: number;
  source: WaitSource;
}

export class WaitTracker {
  private readonly runs = new Map<string, Map<string, PendingWait>>();

  note(runId: string, taskId: string, at: number, plannedMs: number, source: WaitSource): void {
    let tasks = this.runs.get(runId);
    if (!tasks) {
      tasks = new Map();
      this.runs.set(runId, tasks);
    }
    const pending = tasks.get(taskId);
    if (!pending) {
      tasks.set(taskId, { since: at, plannedMs, source });
    } else if (plannedMs > pending.plannedMs) {
      pending.plannedMs = plannedMs;
      pending.source = source;
    }
  }

  /** The wait before an attempt starting at `at`. The caller forgets it once the attempt is recorded. */
  waitBefore(runId: string, taskId: string, at: number): WaitBefore {
    const pending = this.runs.get(runId)?.get(taskId);
    if (!pending) return { waitBeforeMs: 0, source: null };
    return { waitBeforeMs: Math.max(0, at - pending.since), source: pending.source };
  }

  forget(runId: string, taskId: string): void {
    const tasks = this.runs.get(runId);
    if (!tasks) return;
    tasks.delete(taskId);
    if (tasks.size === 0) this.runs.delete(runId);
  }

  forgetRun(runId: string): void {
    this.runs.delete(runId);
  }

  /** Tasks with a pending wait, across runs (for tests and leak checks). */
  get size(): number {
    let size = 0;
    for (const tasks of this.runs.values()) size += tasks.size;
    return size;
  }
}
