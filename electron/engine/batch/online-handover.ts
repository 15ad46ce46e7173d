import type { EngineEventBody } from '../../../shared/domain/events.ts';
import type { LiveControls } from '../../../shared/domain/settings.ts';
import type { Run } from '../run.ts';
import type { RunResult, RunTaskSeed } from '../run-options.ts';

/**
 * The online engine a batch run hands what is left to (auto mode choosing online, or a deadline
 * near). Its task events become the batch run's own, so one stream, one store and one export path
 * serve the whole run; its start, pause and finish are the batch run's to announce.
 */
const OWN_EVENTS: ReadonlySet<string> = new Set(['run.started', 'run.paused', 'run.resumed', 'run.finished']);

export class OnlineHandover {
  private readonly build: (tasks: readonly RunTaskSeed[]) => Run;
  private current: Run | undefined;

  constructor(build: (tasks: readonly RunTaskSeed[]) => Run) {
    this.build = build;
  }

  async run(tasks: readonly RunTaskSeed[], emit: (body: EngineEventBody) => void): Promise<RunResult> {
    const run = this.build(tasks);
    const off = run.on((event) => {
      if (OWN_EVENTS.has(event.type)) return;
      const { seq: _seq, at: _at, runId: _runId, ...body } = event;
      emit(body as EngineEventBody);
    });
    this.current = run;
    try {
      return await run.start();
    } finally {
      off();
      this.current = undefined;
    }
  }

  pause(): void {
    this.current?.pause();
  }

  resume(): void {
    this.current?.resume();
  }

  async cancel(reason: string): Promise<void> {
    await this.current?.cancel(reason);
  }

  setControls(controls: LiveControls): void {
    this.current?.setControls(controls);
  }

  skip(taskId: string): boolean {
    return this.current?.skip(taskId) ?? false;
  }
}
