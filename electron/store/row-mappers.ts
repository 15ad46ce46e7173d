import type { ErrorKind } from '../../shared/domain/errors.ts';
import type { RateLimitSnapshot, WaitSource } from '../../shared/domain/rate-limit.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import { emptyCounts } from '../../shared/domain/task.ts';
import type { TaskStatus } from '../../shared/domain/task.ts';
import type { GateResult } from '../../shared/quality/evaluate-gates.ts';
import { StoreError } from './store-error.ts';
import type { AttemptStatus, ReviewVerdict, RunDetail, RunLimitsSnapshot, RunStatus, RunSummary, StoredAttempt, StoredTask } from './types.ts';

/** Rows as SQLite returns them, and their conversion to the store's plain objects. */
export const TASK_STATUSES = Object.keys(emptyCounts()) as TaskStatus[];

/** Per-status task counts, computed in SQL: one `n_<status>` column per status. */
export const COUNT_COLUMNS = TASK_STATUSES.map((status) => `COUNT(t.status) FILTER (WHERE t.status = '${status}') AS n_${status}`).join(', ');

export type RunSummaryRow = {
  id: string;
  name: string;
  status: RunStatus;
  model: string | null;
  total: number;
  out_dir: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  error_code: string | null;
  error_message: string | null;
  started_at: number | null;
  ended_at: number | null;
  cost_usd: number | null;
  rate_limited: number;
} & Record<`n_${TaskStatus}`, number>;

export type RunDetailRow = RunSummaryRow & { settings_json: string; limits_json: string | null };

export interface TaskRow {
  run_id: string;
  id: string;
  idx: number;
  topic: string;
  vars_json: string;
  prompt: string;
  status: TaskStatus;
  attempts: number;
  result_text: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  cost_usd: number | null;
  error_kind: ErrorKind | null;
  error_message: string | null;
  updated_at: number;
  exported_path: string | null;
  gates_json: string | null;
  regenerations: number;
  regeneration_cost_usd: number;
  review: ReviewVerdict | null;
  edited_at: number | null;
}

export interface AttemptRow {
  run_id: string;
  task_id: string;
  n: number;
  started_at: number;
  ended_at: number | null;
  status: AttemptStatus;
  error_kind: ErrorKind | null;
  error_status: number | null;
  error_code: string | null;
  error_message: string | null;
  estimated_tokens: number;
  latency_ms: number | null;
  wait_before_ms: number;
  wait_source: WaitSource | null;
  rate_limit_json: string | null;
  regeneration: number;
  gates_json: string | null;
  /** 1: the request succeeded ('ok') but the gates rejected its reply. */
  rejected: number;
  cost_usd: number | null;
}

export function toRunSummary(row: RunSummaryRow): RunSummary {
  const counts = emptyCounts();
  for (const status of TASK_STATUSES) counts[status] = row[`n_${status}`];
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    model: row.model ?? '',
    total: row.total,
    counts,
    outDir: row.out_dir,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    startedAt: row.started_at,
    endedAt: row.ended_at,
    costUsd: row.cost_usd,
    rateLimited: row.rate_limited,
  };
}

export function toRunDetail(row: RunDetailRow): RunDetail {
  // Settings are validated wherever they enter, a stored run included (settings.ts).
  const settings = RunSettingsSchema.safeParse(JSON.parse(row.settings_json));
  if (!settings.success) {
    const issue = settings.error.issues[0];
    throw new StoreError(
      'invalid_row',
      `Run "${row.id}" has stored settings that no longer validate (${issue?.path.join('.') || 'settings'}: ${issue?.message}).`,
    );
  }
  return {
    ...toRunSummary(row),
    settings: settings.data,
    lastLimits: row.limits_json === null ? null : (JSON.parse(row.limits_json) as RunLimitsSnapshot),
  };
}

export function toStoredTask(row: TaskRow): StoredTask {
  return {
    runId: row.run_id,
    id: row.id,
    index: row.idx,
    topic: row.topic,
    vars: JSON.parse(row.vars_json) as Record<string, string>,
    prompt: row.prompt,
    status: row.status,
    attempts: row.attempts,
    resultText: row.result_text,
    usage:
      row.prompt_tokens === null || row.completion_tokens === null || row.total_tokens === null
        ? null
        : { promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens, totalTokens: row.total_tokens },
    costUsd: row.cost_usd,
    error: row.error_kind === null ? null : { kind: row.error_kind, message: row.error_message ?? '' },
    updatedAt: row.updated_at,
    exportedPath: row.exported_path,
    gates: row.gates_json === null ? null : (JSON.parse(row.gates_json) as GateResult[]),
    regenerations: row.regenerations,
    regenerationCostUsd: row.regeneration_cost_usd,
    review: row.review,
    editedAt: row.edited_at,
  };
}

export function toStoredAttempt(row: AttemptRow): StoredAttempt {
  return {
    runId: row.run_id,
    taskId: row.task_id,
    attempt: row.n,
    status: row.rejected ? 'rejected' : row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    latencyMs: row.latency_ms,
    estimatedTokens: row.estimated_tokens,
    waitBeforeMs: row.wait_before_ms,
    waitSource: row.wait_source,
    error:
      row.error_kind === null
        ? null
        : { kind: row.error_kind, message: row.error_message ?? '', status: row.error_status, code: row.error_code },
    rateLimit: row.rate_limit_json === null ? null : (JSON.parse(row.rate_limit_json) as RateLimitSnapshot),
    regeneration: row.regeneration,
    gates: row.gates_json === null ? null : (JSON.parse(row.gates_json) as GateResult[]),
    costUsd: row.cost_usd,
  };
}
