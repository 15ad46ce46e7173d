import type { GateResult } from '../quality/evaluate-gates.ts';
import type { ErrorKind, PacerError } from './errors.ts';
import type { LimitShapes, Limits, RateLimitSnapshot, WaitSource } from './rate-limit.ts';
import type { RunSettings } from './settings.ts';
import type { StatusCounts, TaskStatus, Usage } from './task.ts';

/**
 * What the store hands back: plain, typed, JSON-safe objects (no rows, no Dates), so they cross
 * IPC as they are.
 */
export type RunStatus =
  | 'created' // stored, never started: a draft whose prompts may still be edited
  | 'running'
  | 'paused'
  | 'completed'
  | 'cancelled'
  | 'stopped'
  | 'interrupted'; // was running or paused when the app died or quit: resume sends what is left

export type AttemptStatus =
  | 'running' // the request left (or is about to)
  | 'ok'
  | 'rejected' // a whole reply that failed a quality gate: the article was written again
  | 'failed'
  | 'cancelled'
  | 'interrupted'; // the app died with this request in flight: it may have been billed

/** A run's name is a label for lists, not a document. */
export const MAX_RUN_NAME_LENGTH = 120;

/** A new run's name when the user gives none: its file's name, else its first topic, cut to MAX_RUN_NAME_LENGTH. */
export function defaultRunName(firstTopic: string, fileName?: string | null): string {
  const name = (fileName ?? '').trim() || firstTopic.replace(/\s+/g, ' ').trim();
  return name.length <= MAX_RUN_NAME_LENGTH ? name : `${name.slice(0, MAX_RUN_NAME_LENGTH - 1)}…`;
}

export interface RunSummary {
  readonly id: string;
  /** The user's label for the run (its file's name or first topic by default; editable). */
  readonly name: string;
  readonly status: RunStatus;
  readonly model: string;
  readonly total: number;
  readonly counts: StatusCounts;
  readonly outDir: string | null;
  readonly createdAt: number;
  /** Last run-level change (start, pause, limits, finish); task progress does not touch it. */
  readonly updatedAt: number;
  readonly finishedAt: number | null;
  readonly error: PacerError | null;
  /** The latest start (run.started); null for a run never started. */
  readonly startedAt: number | null;
  /**
   * When that start ended: the run's finish, or for a run that died the end of its last request;
   * null while it has not ended (or never started). Duration = (endedAt ?? now) - startedAt.
   */
  readonly endedAt: number | null;
  /** What its replies were billed so far (at the prices in force and its tier); null when no reply had a known price. */
  readonly costUsd: number | null;
  /** Requests the server refused with a 429 (or an overload treated as one), every attempt counted. */
  readonly rateLimited: number;
}

/** The last `run.limits` event: what a resume can start from instead of rediscovering. */
export interface RunLimitsSnapshot {
  readonly limits: Limits;
  /** What was learned of the server's shape (absent in runs stored before it was). */
  readonly shapes?: LimitShapes;
  readonly workers: number;
  readonly source: 'user' | 'server' | 'auto';
  readonly at: number;
}

export interface RunDetail extends RunSummary {
  readonly settings: RunSettings;
  readonly lastLimits: RunLimitsSnapshot | null;
}

export interface TaskErrorInfo {
  readonly kind: ErrorKind;
  readonly message: string;
}

export interface StoredTask {
  readonly runId: string;
  readonly id: string;
  readonly index: number;
  readonly topic: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly prompt: string;
  readonly status: TaskStatus;
  /** Attempts started so far; a resumed task's next attempt is `attempts + 1`. */
  readonly attempts: number;
  readonly resultText: string | null;
  readonly usage: Usage | null;
  readonly costUsd: number | null;
  readonly error: TaskErrorInfo | null;
  readonly updatedAt: number;
  readonly exportedPath: string | null;
  /** Each gate's verdict on the kept article; null for a run without gates. */
  readonly gates: readonly GateResult[] | null;
  /** Articles written again after failing a gate, and what the rejected replies cost (included in costUsd). */
  readonly regenerations: number;
  readonly regenerationCostUsd: number;
  /** A person's verdict in the review grid; null until one is given (a new article clears it). */
  readonly review: ReviewVerdict | null;
  /** When a person last edited the article in place; null if never. */
  readonly editedAt: number | null;
}

export type ReviewVerdict = 'accepted' | 'rejected';

export interface AttemptErrorInfo {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly status: number | null;
  readonly code: string | null;
}

export interface StoredAttempt {
  readonly runId: string;
  readonly taskId: string;
  /** 1-based attempt number. */
  readonly attempt: number;
  readonly status: AttemptStatus;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly latencyMs: number | null;
  readonly estimatedTokens: number;
  /** How long the task waited between becoming ready (queue admission or the last failure) and this request. */
  readonly waitBeforeMs: number;
  /** Who decided the longest part of that wait; null when nothing planned a wait. */
  readonly waitSource: WaitSource | null;
  readonly error: AttemptErrorInfo | null;
  readonly rateLimit: RateLimitSnapshot | null;
  /** Which regeneration of the article this attempt wrote: 0 for the first writing. */
  readonly regeneration: number;
  /** The gates' verdict on this attempt's reply (null without gates, or without a reply). */
  readonly gates: readonly GateResult[] | null;
  readonly costUsd: number | null;
}
