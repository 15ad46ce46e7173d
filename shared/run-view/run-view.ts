import type { EngineEvent } from '../domain/events.ts';
import type { LimitShapes, Limits } from '../domain/rate-limit.ts';
import type { StatusCounts, TaskStatus } from '../domain/task.ts';
import { emptyCounts } from '../domain/task.ts';
import type { TaskView } from './task-view.ts';
import { isTaskEvent, nextTaskView } from './task-view.ts';

export type RunPhase = 'idle' | 'running' | 'paused' | 'finished';

/**
 * A whole run folded from its events: tasks by id in input order, per-status counts kept in O(1),
 * and the run's phase, limits and pool size. Mutable on purpose: the engine applies thousands of
 * events a second to it.
 */
export class RunView {
  readonly tasks = new Map<string, TaskView>();
  readonly counts: StatusCounts = emptyCounts();
  phase: RunPhase = 'idle';
  limits: Limits = { rpm: null, tpm: null };
  /** What was learned of the server's shape; undefined until the engine has said. */
  shapes: LimitShapes | undefined = undefined;
  workers = 0;
  lastSeq = 0;

  constructor(tasks: Iterable<TaskView>) {
    for (const task of tasks) {
      this.tasks.set(task.id, task);
      this.counts[task.status]++;
    }
  }

  get(taskId: string): TaskView {
    const task = this.tasks.get(taskId);
    if (!task) throw new Error(`Unknown task id ${JSON.stringify(taskId)}`);
    return task;
  }

  count(...statuses: TaskStatus[]): number {
    return statuses.reduce((sum, status) => sum + this.counts[status], 0);
  }

  /** Puts a task back as it was: an event that no listener could record did not happen. */
  restore(task: TaskView): void {
    this.counts[this.get(task.id).status]--;
    this.counts[task.status]++;
    this.tasks.set(task.id, task);
  }

  apply(event: EngineEvent): void {
    this.lastSeq = event.seq;
    if (isTaskEvent(event)) {
      const before = this.get(event.taskId);
      const after = nextTaskView(before, event);
      this.tasks.set(after.id, after);
      this.counts[before.status]--;
      this.counts[after.status]++;
      return;
    }
    switch (event.type) {
      case 'run.started':
      case 'run.resumed':
        this.phase = 'running';
        return;
      case 'run.paused':
        this.phase = 'paused';
        return;
      case 'run.limits':
        this.limits = event.limits;
        this.shapes = event.shapes;
        this.workers = event.workers;
        return;
      case 'run.finished':
        this.phase = 'finished';
        return;
    }
  }
}
