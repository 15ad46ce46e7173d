import type { RunSettings } from '../../shared/domain/settings.ts';
import type { TaskStatus } from '../../shared/domain/task.ts';

// The records the store hands back are shared with the renderer, which may not import from here.
export type {
  AttemptErrorInfo,
  AttemptStatus,
  RunDetail,
  RunLimitsSnapshot,
  RunStatus,
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
