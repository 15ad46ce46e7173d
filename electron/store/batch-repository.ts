import type { Database } from 'better-sqlite3';
import type { BatchProgress, BatchRecord, BatchStatus } from '../../shared/domain/batch.ts';
import type { DurableWrite } from './durable-writes.ts';

/**
 * The Batch API batches of each run. Every write is durable: a batch id is money in flight, and a
 * lost one would mean paying for its lines again.
 */
interface BatchRow {
  run_id: string;
  part_id: string;
  batch_id: string | null;
  input_file_id: string | null;
  task_ids_json: string;
  tokens: number;
  status: string;
  total: number;
  completed: number;
  failed: number;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  updated_at: number;
  collected_at: number | null;
}

export class BatchRepository {
  private readonly durable: DurableWrite;
  private readonly now: () => number;
  private readonly sql;

  constructor(db: Database, durable: DurableWrite, now: () => number) {
    this.durable = durable;
    this.now = now;
    this.sql = {
      insert: db.prepare(
        `INSERT INTO batches (run_id, part_id, task_ids_json, tokens, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'submitting', ?, ?)`,
      ),
      submitted: db.prepare(`UPDATE batches SET batch_id = ?, input_file_id = ?, status = ?, updated_at = ? WHERE run_id = ? AND part_id = ?`),
      progress: db.prepare(
        `UPDATE batches SET status = ?, total = ?, completed = ?, failed = ?, output_file_id = ?, error_file_id = ?, updated_at = ?
         WHERE run_id = ? AND part_id = ?`,
      ),
      collected: db.prepare(`UPDATE batches SET collected_at = ? WHERE run_id = ? AND part_id = ?`),
      forget: db.prepare(`DELETE FROM batches WHERE run_id = ? AND part_id = ?`),
      all: db.prepare<[string], BatchRow>(`SELECT * FROM batches WHERE run_id = ? ORDER BY created_at, rowid`),
    };
  }

  /** A part about to be submitted: stored before its batch exists, so a crash in between can find it again. */
  addPart(runId: string, partId: string, taskIds: readonly string[], tokens: number): void {
    const at = this.now();
    this.durable(() => this.sql.insert.run(runId, partId, JSON.stringify(taskIds), tokens, at, at));
  }

  submitted(runId: string, partId: string, batchId: string, inputFileId: string | null, status: BatchStatus): void {
    this.durable(() => this.sql.submitted.run(batchId, inputFileId, status, this.now(), runId, partId));
  }

  progress(runId: string, partId: string, p: BatchProgress): void {
    this.durable(() => this.sql.progress.run(p.status, p.total, p.completed, p.failed, p.outputFileId, p.errorFileId, this.now(), runId, partId));
  }

  /** Its results are applied (in the same order as the task events that carry them): never read again. */
  collected(runId: string, partId: string): void {
    this.durable(() => this.sql.collected.run(this.now(), runId, partId));
  }

  /** A part that never became a batch (its upload or creation was refused). */
  forget(runId: string, partId: string): void {
    this.durable(() => this.sql.forget.run(runId, partId));
  }

  list(runId: string): BatchRecord[] {
    return this.sql.all.all(runId).map(toRecord);
  }
}

function toRecord(row: BatchRow): BatchRecord {
  return {
    runId: row.run_id,
    partId: row.part_id,
    batchId: row.batch_id,
    inputFileId: row.input_file_id,
    taskIds: JSON.parse(row.task_ids_json) as string[],
    tokens: row.tokens,
    status: row.status as BatchStatus,
    total: row.total,
    completed: row.completed,
    failed: row.failed,
    outputFileId: row.output_file_id,
    errorFileId: row.error_file_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    collected: row.collected_at !== null,
  };
}
