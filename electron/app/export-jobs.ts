import type { Clock } from '../engine/clock.ts';
import { systemClock } from '../engine/clock.ts';
import { ExportError } from '../export/export-error.ts';
import { StoreError } from '../store/store-error.ts';

/**
 * Exports as jobs that always end: each can be cancelled by its id, and is given up with
 * 'timeout' when it makes no progress for `stallMs` (a disk or share that stopped answering).
 * Jobs on the same key (one run to one folder) run one after another, since two exporters there
 * could both claim a task's file; jobs on different keys never wait for each other. A job given up
 * releases its key at once: whatever call it was stuck in is left behind, never waited on.
 */
export interface ExportJob {
  readonly signal: AbortSignal;
  /** Something was done (an article written or found): the stall timer starts over. */
  progress(): void;
}

export interface ExportJobsOptions {
  readonly clock?: Clock;
  /** @default 30 s */
  readonly stallMs?: number;
}

export const DEFAULT_EXPORT_STALL_MS = 30_000;

export class ExportJobs {
  private readonly clock: Clock;
  private readonly stallMs: number;
  private readonly byId = new Map<string, AbortController>();
  private readonly tails = new Map<string, Promise<void>>();

  constructor(options: ExportJobsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.stallMs = options.stallMs ?? DEFAULT_EXPORT_STALL_MS;
  }

  async run<T>(key: string, exportId: string | undefined, what: string, work: (job: ExportJob) => Promise<T>): Promise<T> {
    if (exportId !== undefined && this.byId.has(exportId)) {
      throw new StoreError('invalid_request', `An export with id ${JSON.stringify(exportId)} is already going; give each export its own id.`);
    }
    const controller = new AbortController();
    if (exportId !== undefined) this.byId.set(exportId, controller);
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    this.tails.set(key, tail);
    try {
      await untilAborted(previous, controller.signal);
      return await untilAborted(this.watched(controller, what, work), controller.signal);
    } finally {
      // `release` exists once `previous` settled; a job cancelled while waiting releases on that.
      void previous.then(() => release());
      if (this.tails.get(key) === tail) this.tails.delete(key);
      if (exportId !== undefined) this.byId.delete(exportId);
    }
  }

  /** Cancels a job; false when no job has that id (it has ended already). */
  cancel(exportId: string, what: string): boolean {
    const controller = this.byId.get(exportId);
    if (!controller) return false;
    controller.abort(new ExportError('cancelled', `Export cancelled. What was written to ${what} stays there; exporting there again writes only what is missing.`, what));
    return true;
  }

  private watched<T>(controller: AbortController, what: string, work: (job: ExportJob) => Promise<T>): Promise<T> {
    let timer = new AbortController();
    const arm = () => {
      timer.abort();
      timer = new AbortController();
      this.clock.sleep(this.stallMs, timer.signal).then(
        () =>
          controller.abort(
            new ExportError(
              'timeout',
              `The export to ${what} made no progress for ${Math.round(this.stallMs / 1_000)} s: the disk or network share is not answering. What was written stays there; export again, or to another folder.`,
              what,
            ),
          ),
        () => undefined, // re-armed or finished
      );
    };
    arm();
    return work({ signal: controller.signal, progress: arm }).finally(() => timer.abort());
  }
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
