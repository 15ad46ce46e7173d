import type { GateResult } from '../quality/evaluate-gates.ts';
import type { AttemptError, PacerError } from './errors.ts';
import type { KeyStatus } from './keys.ts';
import type { LimitShapes, Limits, RateLimitSnapshot, WaitReason, WaitSource } from './rate-limit.ts';
import type { RunSettings } from './settings.ts';
import type { StatusCounts, Usage } from './task.ts';

/**
 * The engine's event stream: the single source every consumer (CLI, store, UI) reads. Events carry
 * a per-run sequence number so a consumer can detect a gap and resync from a snapshot. Every task
 * that starts ends with exactly one of task.done / task.needs_review / task.failed / task.cancelled / task.skipped, and
 * every run with exactly one run.finished.
 */
export type RunOutcome =
  | 'completed' // every task reached done/failed/skipped
  | 'cancelled' // the user cancelled
  | 'stopped'; // a run-level error (bad key, quota, unknown model)

/** A run's budget as it stands: its limit, and what is spent (every start of the run counted). */
export interface BudgetStatus {
  readonly limitUsd: number;
  readonly spentUsd: number;
}

/** The PacerError code of a run stopped because what is left of its budget cannot cover the next request. */
export const BUDGET_REACHED = 'budget_reached';

/** A whole reply, as task.done, task.needs_review and attempt.rejected carry it (the engine's attempt returns it without gates). */
export interface ReplyFields {
  readonly attempt: number;
  readonly text: string;
  readonly usage: Usage;
  /** What the reply was billed: at the prices in force (the user's overrides applied) and the run's tier (batch or online); absent when the model has no price. */
  readonly costUsd?: number;
  readonly latencyMs: number;
  readonly rateLimit?: RateLimitSnapshot;
  /** Each gate's verdict on this reply, when the run has gates. */
  readonly gates?: readonly GateResult[];
}

interface Base {
  readonly seq: number;
  /** Milliseconds since the epoch, from the engine's clock. */
  readonly at: number;
  readonly runId: string;
}

export type EngineEventBody =
  | { readonly type: 'run.started'; readonly total: number; readonly settings: RunSettings }
  | { readonly type: 'run.paused' }
  | { readonly type: 'run.resumed' }
  /**
   * Limits in force changed: set by the user, learned from headers, or the auto pool resized.
   * `shapes` is what was learned of how the server enforces them (how much at once, its windows).
   */
  | {
      readonly type: 'run.limits';
      readonly limits: Limits;
      readonly shapes: LimitShapes;
      /** With several keys: each one's own limits and shape, and which have left the pool. */
      readonly keys?: readonly KeyStatus[];
      readonly workers: number;
      readonly source: 'user' | 'server' | 'auto';
    }
  | {
      readonly type: 'run.finished';
      readonly outcome: RunOutcome;
      readonly counts: StatusCounts;
      readonly error?: PacerError;
      /** With a budget: the limit and what the run has spent in all its starts. */
      readonly budget?: BudgetStatus;
    }
  | { readonly type: 'task.queued'; readonly taskId: string }
  | { readonly type: 'task.waiting'; readonly taskId: string; readonly reason: WaitReason; readonly waitMs: number }
  | {
      readonly type: 'attempt.started';
      readonly taskId: string;
      readonly attempt: number;
      readonly estimatedTokens: number;
      /** Present when this attempt is for an article written again after one failed a gate: which regeneration (1, 2, …). */
      readonly regeneration?: number;
    }
  | { readonly type: 'attempt.progress'; readonly taskId: string; readonly attempt: number; readonly chars: number; readonly completionTokens: number }
  | {
      readonly type: 'attempt.failed';
      readonly taskId: string;
      readonly attempt: number;
      readonly error: AttemptError;
      readonly latencyMs: number;
      readonly rateLimit?: RateLimitSnapshot;
      /** What the attempt was billed although it failed (output streamed before a drop); absent: nothing. */
      readonly costUsd?: number;
    }
  /**
   * The reply came back whole but failed a quality gate, and the article is written again at once
   * (regeneration number `regeneration`), with a transport retry budget of its own. Its text and
   * cost are kept: the spend is real.
   */
  | ({ readonly type: 'attempt.rejected'; readonly taskId: string; readonly regeneration: number } & ReplyFields)
  | { readonly type: 'retry.scheduled'; readonly taskId: string; readonly attempt: number; readonly delayMs: number; readonly source: WaitSource }
  | ({ readonly type: 'task.done'; readonly taskId: string } & ReplyFields)
  /** The article failed a gate after every regeneration the run allows: it is kept for a person to review. */
  | ({ readonly type: 'task.needs_review'; readonly taskId: string; readonly gates: readonly GateResult[] } & ReplyFields)
  | { readonly type: 'task.failed'; readonly taskId: string; readonly error: AttemptError }
  | { readonly type: 'task.cancelled'; readonly taskId: string; readonly reason: string }
  | { readonly type: 'task.skipped'; readonly taskId: string };

export type EngineEvent = Base & EngineEventBody;
export type EngineEventType = EngineEvent['type'];
export type EventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;
