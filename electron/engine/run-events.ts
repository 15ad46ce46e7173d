import type { EngineEvent, EngineEventBody } from '../../shared/domain/events.ts';
import { RunView } from '../../shared/run-view/run-view.ts';
import type { TaskView } from '../../shared/run-view/task-view.ts';
import { isTaskEvent } from '../../shared/run-view/task-view.ts';
import type { Clock } from './clock.ts';

/**
 * A run's event stream and the state it folds into. Each event gets the next seq, is applied to
 * the RunView (which checks the task's status change against task-transitions.ts: an illegal one
 * throws before anyone hears it), then goes to every listener, in order, synchronously.
 */
export class RunEvents {
  readonly view: RunView;
  private readonly runId: string;
  private readonly clock: Clock;
  private readonly listeners: ((event: EngineEvent) => void)[] = [];

  constructor(runId: string, clock: Clock, tasks: Iterable<TaskView>, lastSeq: number) {
    this.runId = runId;
    this.clock = clock;
    this.view = new RunView(tasks);
    this.view.lastSeq = lastSeq;
  }

  on(listener: (event: EngineEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * A listener that throws stops the event there: the store listens first, and an event it could
   * not record (a full disk) did not happen for anyone after it: the CLI must not print "done" for
   * an article that is not stored, and the run's own view and counts put the task back as the store
   * has it. Later listeners see a gap in `seq` instead, which a view answers by reloading a
   * snapshot; the run stops on the error.
   */
  emit(body: EngineEventBody): void {
    const event = { ...body, seq: this.view.lastSeq + 1, at: this.clock.now(), runId: this.runId } as EngineEvent;
    const before = isTaskEvent(event) ? this.view.get(event.taskId) : undefined;
    this.view.apply(event);
    try {
      for (const listener of [...this.listeners]) listener(event);
    } catch (error) {
      if (before) this.view.restore(before);
      throw error;
    }
  }
}
