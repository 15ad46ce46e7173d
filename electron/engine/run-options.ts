import type { PacerError } from '../../shared/domain/errors.ts';
import type { BudgetStatus, RunOutcome } from '../../shared/domain/events.ts';
import type { LimitShapes, Limits } from '../../shared/domain/rate-limit.ts';
import type { RunSettings } from '../../shared/domain/settings.ts';
import type { PriceTable } from '../../shared/pricing.ts';
import type { StatusCounts, TaskStatus } from '../../shared/domain/task.ts';
import type { RunPhase } from '../../shared/run-view/run-view.ts';
import type { TaskView } from '../../shared/run-view/task-view.ts';
import type { ChatProvider } from '../providers/provider.ts';
import type { Clock } from './clock.ts';
import type { KeyLane } from './keys/key-lanes.ts';
import type { RateLimiter } from './limiter/rate-limiter.ts';
import type { Random } from './random.ts';
import type { OutageOptions } from './server-outage.ts';
import type { RunTask } from './task-request.ts';

/** A task as handed to a run: its input and, when resuming, where it stood. */
export interface RunTaskSeed extends RunTask {
  readonly status?: TaskStatus;
  /** Attempts made in earlier rounds: new attempts are numbered after them. */
  readonly attempts?: number;
  /** An article of the run that stands (done, or accepted in review): with a near-duplicate gate, later articles are compared with it. */
  readonly text?: string;
}

export interface RunOptions {
  readonly id: string;
  readonly settings: RunSettings;
  readonly tasks: readonly RunTaskSeed[];
  readonly provider: ChatProvider;
  readonly clock?: Clock;
  readonly random?: Random;
  /** How long after a grant the server charges a request (see RateLimiterOptions). @default RUN_NETWORK_DELAY_MS */
  readonly networkDelayMs?: number;
  /** Upper bound of the auto-sized pool. @default 64 */
  readonly maxAutoWorkers?: number;
  /** Latency assumed before the first reply, for pool sizing. @default 5000 */
  readonly initialLatencyMs?: number;
  /** Least time between two progress events of one attempt. @default 250 */
  readonly progressIntervalMs?: number;
  /** How long the run keeps trying a server that refuses connections (server-outage.ts). */
  readonly unreachable?: OutageOptions;
  /**
   * The limiter of the quota this run draws on, shared with every other run (and, through Redis,
   * every process) using it (quota-registry.ts). Left out, the run has a limiter of its own.
   */
  readonly limiter?: RateLimiter;
  /**
   * Several keys to send with, each its own quota (a pool; key-lanes.ts). Left out, the run sends
   * with `provider` and `limiter` alone.
   */
  readonly keys?: readonly KeyLane[];
  /**
   * The last sequence number an earlier engine of this run used in this process: a rebuilt engine
   * goes on from there, so a view that followed the old one takes the new events as the next
   * ones rather than as already seen. @default 0
   */
  readonly lastSeq?: number;
  /** The prices in force, the user's overrides applied. @default DEFAULT_PRICES */
  readonly prices?: PriceTable;
  /**
   * What earlier starts of this run spent (its stored attempts' costs): a budget counts it, so a
   * resume with the same budget does not spend it again. @default 0
   */
  readonly spentUsd?: number;
}

export interface StartOptions {
  /** Finished tasks in these statuses start a new round (a resume: cancelled; "retry failed": failed too). */
  readonly requeue?: readonly TaskStatus[];
  /** These tasks start a new round too, whatever their status ("retry now" on a run that is not going). */
  readonly tasks?: readonly string[];
}

export interface RunResult {
  readonly outcome: RunOutcome;
  readonly counts: StatusCounts;
  readonly error?: PacerError;
  /** With a budget: its limit and what the run has spent in all its starts. */
  readonly budget?: BudgetStatus;
}

/** Where the engine is; `stopping`: cancelled or stopped, waiting for the attempts in flight to end. */
export type EnginePhase = 'idle' | 'running' | 'paused' | 'stopping' | 'finished';

/** The run folded from its own events, read-only: what live views (run.open, the CLI) show. */
export interface RunReadView {
  readonly tasks: ReadonlyMap<string, TaskView>;
  readonly counts: Readonly<StatusCounts>;
  /** As the events tell it: `stopping` shows as the phase before it. */
  readonly phase: RunPhase;
  readonly limits: Limits;
  readonly shapes: LimitShapes | undefined;
  readonly workers: number;
  /** The seq of the last event: a snapshot taken now is followed by lastSeq + 1. */
  readonly lastSeq: number;
  get(taskId: string): TaskView;
  count(...statuses: TaskStatus[]): number;
}
