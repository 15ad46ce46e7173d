import type { Database, Statement } from 'better-sqlite3';

/** The statements EventWriter runs, prepared once per connection. Named parameters throughout. */
export type Params = Record<string, string | number | null>;
export type EventStatements = ReturnType<typeof prepareEventStatements>;

export function prepareEventStatements(db: Database) {
  const prepare = (source: string): Statement<[Params]> => db.prepare<[Params]>(source);
  return {
    runStatus: prepare('UPDATE runs SET status = @status, updated_at = @at WHERE id = @runId'),
    runStarted: prepare(
      `UPDATE runs SET status = 'running', settings_json = @settings, updated_at = @at, started_at = @at, finished_at = NULL,
         error_code = NULL, error_message = NULL WHERE id = @runId`,
    ),
    runLimits: prepare('UPDATE runs SET limits_json = @limits, updated_at = @at WHERE id = @runId'),
    runFinished: prepare(
      `UPDATE runs SET status = @status, error_code = @code, error_message = @message, finished_at = @at,
         updated_at = @at WHERE id = @runId`,
    ),
    // `status <> @status`: repeated events (10,000 task.queued at start) then write nothing at all.
    // A done task sent again (an edited prompt) forgets its export: the new article gets its own
    // file, and the old one, which the user may have edited, is left as it is.
    taskStatus: prepare(
      `UPDATE tasks SET status = @status, updated_at = @at,
         exported_path = CASE WHEN status = 'done' THEN NULL ELSE exported_path END
         WHERE run_id = @runId AND id = @taskId AND status <> @status`,
    ),
    taskExists: prepare('SELECT 1 FROM tasks WHERE run_id = @runId AND id = @taskId'),
    taskRunning: prepare(
      `UPDATE tasks SET status = 'running', attempts = MAX(attempts, @n), updated_at = @at
         WHERE run_id = @runId AND id = @taskId`,
    ),
    // The task's cost is its kept article's plus every reply its gates rejected; a new article needs a new review.
    taskReplied: prepare(
      `UPDATE tasks SET status = @status, result_text = @text, prompt_tokens = @promptTokens,
         completion_tokens = @completionTokens, total_tokens = @totalTokens,
         cost_usd = CASE WHEN @cost IS NULL AND regeneration_cost_usd = 0 THEN NULL ELSE coalesce(@cost, 0) + regeneration_cost_usd END,
         gates_json = @gates, review = NULL, edited_at = NULL, error_kind = NULL, error_message = NULL, updated_at = @at
         WHERE run_id = @runId AND id = @taskId`,
    ),
    taskRejected: prepare(
      `UPDATE tasks SET regeneration_cost_usd = regeneration_cost_usd + @cost, regenerations = regenerations + 1,
         cost_usd = coalesce(cost_usd, 0) + @cost, updated_at = @at WHERE run_id = @runId AND id = @taskId`,
    ),
    taskEnded: prepare(
      `UPDATE tasks SET status = @status, error_kind = @kind, error_message = @message, updated_at = @at
         WHERE run_id = @runId AND id = @taskId`,
    ),
    attemptInsert: prepare(
      `INSERT INTO attempts (run_id, task_id, n, started_at, status, estimated_tokens, wait_before_ms, wait_source, regeneration)
         VALUES (@runId, @taskId, @n, @at, 'running', @estimatedTokens, @waitBeforeMs, @waitSource, @regeneration)`,
    ),
    attemptFailed: prepare(
      `UPDATE attempts SET status = @status, ended_at = @at, latency_ms = @latencyMs, error_kind = @kind,
         error_status = @httpStatus, error_code = @code, error_message = @message, rate_limit_json = @rateLimit,
         cost_usd = @cost
         WHERE run_id = @runId AND task_id = @taskId AND n = @n AND status = 'running'`,
    ),
    attemptReplied: prepare(
      `UPDATE attempts SET status = 'ok', rejected = @rejected, ended_at = @at, latency_ms = @latencyMs, rate_limit_json = @rateLimit,
         gates_json = @gates, cost_usd = @cost
         WHERE run_id = @runId AND task_id = @taskId AND n = @n AND status = 'running'`,
    ),
    // A task that ends or goes back to the queue leaves no attempt marked as in flight.
    attemptsClose: prepare(
      `UPDATE attempts SET status = @status, ended_at = @at
         WHERE run_id = @runId AND task_id = @taskId AND status = 'running'`,
    ),
  };
}
