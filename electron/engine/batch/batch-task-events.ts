import type { AttemptError } from '../../../shared/domain/errors.ts';
import type { RunSettings } from '../../../shared/domain/settings.ts';
import type { Usage } from '../../../shared/domain/task.ts';
import type { ModelPrice, PriceTable } from '../../../shared/pricing.ts';
import { costUsd, DEFAULT_PRICES, priceFor } from '../../../shared/pricing.ts';
import { finalError } from '../failure-plan.ts';
import { shouldRetry } from '../retry/backoff.ts';
import type { RunEvents } from '../run-events.ts';

/**
 * A batch run's task events, the same an online run emits: an attempt starts when its line is
 * submitted (or a stored batch is polled again), and ends with the line's result: task.done at the
 * batch price, or a failure that sends it again while its round's attempts last.
 */
export class BatchTaskEvents {
  private readonly events: RunEvents;
  private readonly settings: RunSettings;
  /** Attempts each task had when this round began: every round has a fresh retry budget, as online. */
  private readonly roundBase = new Map<string, number>();

  /** The model's price with the user's overrides, as an online run bills it; undefined when unknown. */
  private readonly price: ModelPrice | undefined;

  constructor(events: RunEvents, settings: RunSettings, prices: PriceTable = DEFAULT_PRICES) {
    this.events = events;
    this.settings = settings;
    this.price = priceFor(settings.model, prices);
  }

  /** The task enters this start's round, queued. */
  enterRound(taskId: string): void {
    const task = this.events.view.get(taskId);
    this.roundBase.set(taskId, task.attempts);
    if (task.status !== 'queued') this.events.emit({ type: 'task.queued', taskId });
  }

  startAttempt(taskId: string, promptTokens: number): void {
    const attempt = this.events.view.get(taskId).attempts + 1;
    this.events.emit({ type: 'attempt.started', taskId, attempt, estimatedTokens: Math.ceil(promptTokens) + this.settings.maxTokens });
  }

  done(taskId: string, text: string, usage: Usage, latencyMs: number): void {
    const cost = this.price ? { costUsd: costUsd(this.price, usage.promptTokens, usage.completionTokens, 'batch') } : {};
    this.events.emit({ type: 'task.done', taskId, attempt: this.events.view.get(taskId).attempts, text, usage, latencyMs, ...cost });
  }

  /**
   * The line's attempt failed. True when it goes again (queued for a later batch): while its
   * round's attempts last, or always when `free` (a line that never ran).
   */
  failed(taskId: string, error: AttemptError, latencyMs: number, free: boolean): boolean {
    const attempt = this.events.view.get(taskId).attempts;
    this.events.emit({ type: 'attempt.failed', taskId, attempt, error, latencyMs });
    const roundAttempt = attempt - (this.roundBase.get(taskId) ?? 0);
    if (free || shouldRetry(error, roundAttempt, this.settings.retry)) {
      this.events.emit({ type: 'task.queued', taskId });
      return true;
    }
    this.events.emit({ type: 'task.failed', taskId, error: finalError(error, roundAttempt) });
    return false;
  }
}
