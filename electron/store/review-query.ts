import type { Database } from 'better-sqlite3';
import type { ReviewItem } from '../../shared/domain/review.ts';
import type { ReviewVerdict } from '../../shared/domain/run-records.ts';
import type { GateResult } from '../../shared/quality/evaluate-gates.ts';

interface ReviewRow {
  id: string;
  idx: number;
  topic: string;
  status: ReviewItem['status'];
  review: ReviewVerdict | null;
  gates_json: string | null;
  regenerations: number;
  regeneration_cost_usd: number;
  edited_at: number | null;
}

/**
 * The review grid's list: every article of a run (done, or needing review) without its text,
 * which the grid fetches for the one it shows: thousands of articles are megabytes of text.
 */
export function prepareReviewQuery(db: Database): (runId: string) => ReviewItem[] {
  const statement = db.prepare<[string], ReviewRow>(
    `SELECT id, idx, topic, status, review, gates_json, regenerations, regeneration_cost_usd, edited_at FROM tasks
       WHERE run_id = ? AND status IN ('done', 'needs_review') AND result_text IS NOT NULL ORDER BY idx`,
  );
  return (runId) =>
    statement.all(runId).map((row) => ({
      id: row.id,
      index: row.idx,
      topic: row.topic,
      status: row.status,
      review: row.review,
      gates: row.gates_json === null ? null : (JSON.parse(row.gates_json) as GateResult[]),
      regenerations: row.regenerations,
      regenerationCostUsd: row.regeneration_cost_usd,
      edited: row.edited_at !== null,
    }));
}
