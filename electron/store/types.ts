import type { ErrorKind } from '../../shared/domain/errors.ts';
import type { RunSettings } from '../../shared/domain/settings.ts';
import type { TaskStatus } from '../../shared/domain/task.ts';

// The records the store hands back are shared with the renderer, which may not import from here.
export type {
  AttemptErrorInfo,
  AttemptStatus,
  RunDetail,
  RunLimitsSnapshot,
  RunStatus,
  ReviewVerdict,
  RunSummary,
  StoredAttempt,
  StoredTask,
  TaskErrorInfo,
} from '../../shared/domain/run-records.ts';

export interface NewTask {
  readonly id: string;
  readonly index: number;
  readonly topic: string;
  readonly vars: Readonly<Record<string, string>>;
  /** The rendered user prompt. */
  readonly prompt: string;
}

export interface CreateRunRequest {
  readonly id: string;
  /** The run's label in lists. @default its first topic (defaultRunName) */
  readonly name?: string;
  readonly settings: RunSettings;
  readonly tasks: readonly NewTask[];
  readonly outDir?: string;
}

export interface TaskQuery {
  readonly status?: TaskStatus | readonly TaskStatus[];
  /** @default 0 */
  readonly offset?: number;
  /** @default no limit */
  readonly limit?: number;
}

/** One attempt as its run's chart needs it: started at, estimated tokens, ended at, error kind, HTTP status. */
export type AttemptActivityRow = [startedAt: number, estimatedTokens: number, endedAt: number | null, errorKind: ErrorKind | null, errorStatus: number | null];
