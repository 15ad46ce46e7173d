import type { Database } from 'better-sqlite3';
import type { EngineEvent } from '../../shared/domain/events.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import type { LiveControls, RunSettings } from '../../shared/domain/settings.ts';
import type { TaskStatus } from '../../shared/domain/task.ts';
import { knownSecrets } from '../secrets/secret-redactor.ts';
import type { SecretRedactor } from '../secrets/secret-redactor.ts';
import { createDurableWrite } from './durable-writes.ts';
import type { DurableWrite } from './durable-writes.ts';
import { BatchRepository } from './batch-repository.ts';
import { EventWriter } from './event-writer.ts';
import { COUNT_COLUMNS, TASK_STATUSES, toRunDetail, toRunSummary, toStoredAttempt, toStoredTask } from './row-mappers.ts';
import type { AttemptRow, RunDetailRow, RunSummaryRow, TaskRow } from './row-mappers.ts';
import { StoreError, storeWriteError } from './store-error.ts';
import { MAX_RUN_NAME_LENGTH, defaultRunName } from '../../shared/domain/run-records.ts';
import type { ReviewItem } from '../../shared/domain/review.ts';
import type { GateResult } from '../../shared/quality/evaluate-gates.ts';
import { prepareReviewQuery } from './review-query.ts';
import type { AttemptActivityRow, CreateRunRequest, ReviewVerdict, RunDetail, RunStatus, RunSummary, StoredAttempt, StoredTask, TaskQuery } from './types.ts';

/**
 * Runs, tasks and attempts: the engine writes through `applyEvent`, the UI and the CLI read plain
 * objects. Every write is one transaction; user actions are durable (fsynced) before they return.
 * Runs that are running or paused belong to the engine: the store refuses to edit, reset or delete
 * them under it.
 */
const SUMMARY_COLUMNS = `r.id, r.name, r.status, json_extract(r.settings_json, '$.model') AS model, r.total, r.out_dir,
  r.created_at, r.updated_at, r.finished_at, r.error_code, r.error_message, r.started_at, ${COUNT_COLUMNS},
  CASE WHEN r.status IN ('running', 'paused') THEN NULL
    WHEN r.finished_at >= r.started_at THEN r.finished_at
    ELSE a.last_at END AS ended_at,
  sum(t.cost_usd) AS cost_usd,
  coalesce(a.rate_limited, 0) AS rate_limited`;

/**
 * A run's figures in one pass over its tasks and one over its attempts (at most one row per run
 * joins from `a`, so the task counts are not multiplied). `scope` narrows both passes to one run:
 * the Review tab and every task call read a run's summary, and a long run has many attempts.
 */
const runsWithFigures = (scope: string) => `FROM runs r
  LEFT JOIN (SELECT run_id, max(coalesce(ended_at, started_at)) AS last_at,
      count(*) FILTER (WHERE error_status = 429 OR error_kind = 'rate_limited') AS rate_limited
    FROM attempts ${scope} GROUP BY run_id) a ON a.run_id = r.id
  LEFT JOIN tasks t ON t.run_id = r.id`;

/** Tasks that were in flight when the app died: the only ones that may be sent again. */
const IN_FLIGHT = `('running', 'waiting', 'retrying')`;
const ACTIVE_RUNS = `SELECT id FROM runs WHERE status IN ('running', 'paused')`;

export class RunRepository {
  private readonly now: () => number;
  private readonly dbName: string;
  /** API keys never reach the disk: every text a write carries is redacted first (secret-redactor.ts). */
  private readonly redactor: SecretRedactor;
  private readonly durable: DurableWrite;
  private readonly events: EventWriter;
  private readonly sql: ReturnType<typeof prepareRepositoryStatements>;
  private readonly insertRun: (request: CreateRunRequest, settingsJson: string, at: number) => void;
  private readonly interrupt: (at: number) => string[];
  private readonly reviewQuery: (runId: string) => ReviewItem[];
  private readonly setReviews: (runId: string, taskIds: readonly string[], verdict: ReviewVerdict | null, at: number) => number;
  /** The Batch API batches of each run (batch mode). */
  readonly batches: BatchRepository;

  constructor(db: Database, now: () => number, redactor: SecretRedactor = knownSecrets) {
    this.now = now;
    this.redactor = redactor;
    const durable = createDurableWrite(db);
    this.durable = (write) => onDisk(db.name, () => durable(write));
    this.dbName = db.name;
    this.events = new EventWriter(db, this.durable);
    this.batches = new BatchRepository(db, this.durable, now);
    const sql = prepareRepositoryStatements(db);
    this.sql = sql;
    this.insertRun = db.transaction((request: CreateRunRequest, settingsJson: string, at: number) => {
      sql.insertRun.run(request.id, request.name ?? defaultRunName(request.tasks[0]?.topic ?? ''), at, at, settingsJson, request.outDir ?? null, request.tasks.length);
      for (const task of request.tasks) {
        sql.insertTask.run(request.id, task.id, task.index, task.topic, JSON.stringify(task.vars), task.prompt, at);
      }
    });
    this.reviewQuery = prepareReviewQuery(db);
    this.setReviews = db.transaction((runId: string, taskIds: readonly string[], verdict: ReviewVerdict | null, at: number) =>
      taskIds.reduce((changed, taskId) => changed + sql.setReview.run(verdict, at, runId, taskId).changes, 0),
    );
    this.interrupt = db.transaction((at: number) => {
      const ids = sql.activeRuns.all();
      sql.interruptAttempts.run();
      sql.requeueTasks.run(at);
      sql.interruptRuns.run(at);
      return ids;
    });
  }

  /** Stores a run and its tasks (all queued) in one transaction, as status 'created'. */
  createRun(unredacted: CreateRunRequest): void {
    const request = this.redactor.redact(unredacted);
    validateNewRun(request);
    // Parsing strips unknown keys, so nothing but RunSettings (never an API key) is stored.
    const settings = RunSettingsSchema.safeParse(request.settings);
    if (!settings.success) {
      throw new StoreError('invalid_request', `Run "${request.id}" has invalid settings: ${settings.error.issues[0]?.message}`);
    }
    if (this.sql.runStatus.get(request.id) !== undefined) {
      throw new StoreError('already_exists', `A run with id "${request.id}" already exists; pick a new id.`);
    }
    this.durable(() => this.insertRun(request, JSON.stringify(settings.data), this.now()));
  }

  /** Renames a run (any status: the name is the user's label, not part of what runs). */
  renameRun(runId: string, name: string): void {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > MAX_RUN_NAME_LENGTH) {
      throw new StoreError('invalid_request', `A run name must be 1 to ${MAX_RUN_NAME_LENGTH} characters, got ${trimmed.length}.`);
    }
    const { changes } = this.durable(() => this.sql.renameRun.run(trimmed, runId));
    if (changes === 0) throw new StoreError('not_found', `Run "${runId}" does not exist; it may have been deleted. Reload the run list.`);
  }

  /**
   * Keeps the limits and pool size the user changed while the run goes with its settings, so a
   * window opened later shows them and a resume starts from them.
   */
  updateLiveControls(runId: string, controls: LiveControls): void {
    const changed = Object.fromEntries(Object.entries(controls).filter(([, value]) => value !== undefined));
    this.mergeSettings(runId, changed);
  }

  /** What a run's attempts were billed, over all its starts, as recorded. */
  spentUsd(runId: string): number {
    return this.sql.spentUsd.get(runId) ?? 0;
  }

  /**
   * What each task's attempts were billed, over all the run's starts, by task id: the figure its
   * view carries (task-view.ts). A task none of whose attempts had a cost is absent.
   */
  billedUsdByTask(runId: string): Map<string, number> {
    return new Map(this.sql.billedUsdByTask.all(runId));
  }

  /** The reserved tokens of each attempt a crash cut off in flight: billed or not, nothing recorded says. */
  interruptedAttemptTokens(runId: string): number[] {
    return this.sql.interruptedAttemptTokens.all(runId);
  }

  /** Replaces some of a stopped run's settings (its quality gates, from `resume --gates`); the rest stay. */
  updateSettings(runId: string, changes: Partial<RunSettings>): void {
    this.requireIdle(runId, 'change its settings');
    this.mergeSettings(runId, changes);
  }

  /**
   * Every attempt of a run as [started at, estimated tokens, ended at, error kind, HTTP status],
   * in start order, for its chart (the rows are folded as they are read: a long run has many).
   */
  *attemptActivity(runId: string): Generator<AttemptActivityRow> {
    yield* this.sql.attemptActivity.iterate(runId);
  }

  /** Records one engine event; call it before acting on the event (event-writer.ts). */
  applyEvent(event: EngineEvent): void {
    onDisk(this.dbName, () => this.events.apply(this.redactor.redact(event)));
  }

  /** Newest first, with task counts per status. */
  listRuns(): RunSummary[] {
    return this.sql.listRuns.all().map(toRunSummary);
  }

  /** Whether the run exists, without computing its figures (getRun does). */
  hasRun(runId: string): boolean {
    return this.sql.runStatus.get(runId) !== undefined;
  }

  getRun(runId: string): RunDetail | undefined {
    const row = this.sql.getRun.get({ runId });
    return row && toRunDetail(row);
  }

  /** Tasks in input order, optionally filtered by status and paged. */
  getTasks(runId: string, query: TaskQuery = {}): StoredTask[] {
    const statuses = query.status === undefined ? undefined : typeof query.status === 'string' ? [query.status] : query.status;
    const unknown = statuses?.find((status) => !TASK_STATUSES.includes(status));
    if (unknown !== undefined) {
      throw new StoreError('invalid_request', `Unknown task status "${unknown}"; expected one of ${TASK_STATUSES.join(', ')}.`);
    }
    const offset = query.offset ?? 0;
    const limit = query.limit ?? -1; // SQLite: a negative LIMIT means none
    if (!Number.isInteger(offset) || offset < 0) throw new StoreError('invalid_request', `Task offset must be a whole number ≥ 0, got ${offset}.`);
    if (query.limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new StoreError('invalid_request', `Task limit must be a whole number ≥ 0, got ${query.limit}.`);
    }
    return this.sql.getTasks
      .all({ runId, statuses: statuses ? JSON.stringify(statuses) : null, limit, offset })
      .map(toStoredTask);
  }

  getTask(runId: string, taskId: string): StoredTask | undefined {
    const row = this.sql.getTask.get(runId, taskId);
    return row && toStoredTask(row);
  }

  /** A task's attempts, first to last. */
  getAttempts(runId: string, taskId: string): StoredAttempt[] {
    return this.sql.getAttempts.all(runId, taskId).map(toStoredAttempt);
  }

  /**
   * After a crash or quit: runs still running or paused become 'interrupted', their in-flight
   * attempts 'interrupted' (they may have been billed), and their in-flight tasks go back to
   * 'queued'. Returns the interrupted runs' ids. Only safe while no engine runs in this process:
   * `openRunStore` calls it under the single-writer lock.
   */
  markInterruptedRuns(): string[] {
    return this.durable(() => this.interrupt(this.now()));
  }

  /** What a resume sends: queued and cancelled tasks, in input order. Done, failed and skipped stay. */
  tasksToResume(runId: string): StoredTask[] {
    this.requireRun(runId);
    return this.getTasks(runId, { status: ['queued', 'cancelled'] });
  }

  /** Failed tasks back to queued, for "retry failed". Returns how many. */
  resetFailed(runId: string): number {
    this.requireIdle(runId, 'reset its failed tasks');
    return this.durable(() => this.sql.resetFailed.run(this.now(), runId).changes);
  }

  /** Deletes a run with its tasks and attempts. Returns false if there was no such run. */
  deleteRun(runId: string): boolean {
    if (this.sql.runStatus.get(runId) === undefined) return false;
    this.requireIdle(runId, 'delete it');
    return this.durable(() => this.sql.deleteRun.run(runId).changes > 0);
  }

  /**
   * Edits a task's prompt, for "edit and re-run": allowed while the rest of the run goes on, and
   * for a done task (its re-run replaces the result); never for a task waiting for quota or in flight.
   */
  updateTaskPrompt(runId: string, taskId: string, prompt: string): void {
    this.requireRun(runId);
    const task = this.sql.getTask.get(runId, taskId);
    if (!task) throw new StoreError('not_found', `Task "${taskId}" of run "${runId}" does not exist.`);
    const locked: readonly TaskStatus[] = ['waiting', 'running', 'retrying'];
    if (locked.includes(task.status)) {
      throw new StoreError(
        'task_busy',
        `Task "${taskId}" of run "${runId}" is ${task.status}; skip it or wait for it to finish before editing its prompt.`,
      );
    }
    this.durable(() => this.sql.updatePrompt.run(this.redactor.redactText(prompt), this.now(), runId, taskId));
  }

  /** The articles a reviewer decides on, in input order, without their text. */
  reviewItems(runId: string): ReviewItem[] {
    this.requireRun(runId);
    return this.reviewQuery(runId);
  }

  /**
   * A reviewer's verdict on articles (null: undecided again). Only tasks with an article (done, or
   * needing review) take one; any other named task refuses the whole call, so nothing half-applies.
   */
  setReview(runId: string, taskIds: readonly string[], verdict: ReviewVerdict | null): number {
    this.requireRun(runId);
    for (const taskId of taskIds) {
      const task = this.sql.getTask.get(runId, taskId);
      if (!task) throw new StoreError('not_found', `Task "${taskId}" of run "${runId}" does not exist.`);
      if (task.status !== 'done' && task.status !== 'needs_review') {
        throw new StoreError('invalid_request', `Task "${taskId}" of run "${runId}" is ${task.status}: only an article that is done or needs review can be reviewed.`);
      }
    }
    return this.durable(() => this.setReviews(runId, taskIds, verdict, this.now()));
  }

  /**
   * Replaces an article with a reviewer's edit, with the gates' verdict on the new text. Its old
   * export is forgotten, so the next export writes the edited article (the old file stays).
   */
  editArticle(runId: string, taskId: string, text: string, gates: readonly GateResult[] | null): void {
    this.requireRun(runId);
    const task = this.sql.getTask.get(runId, taskId);
    if (!task) throw new StoreError('not_found', `Task "${taskId}" of run "${runId}" does not exist.`);
    if (task.status !== 'done' && task.status !== 'needs_review') {
      throw new StoreError('task_busy', `Task "${taskId}" of run "${runId}" is ${task.status}: only an article that is done or needs review can be edited.`);
    }
    const at = this.now();
    this.durable(() => this.sql.editArticle.run(this.redactor.redactText(text), gates ? JSON.stringify(gates) : null, at, at, runId, taskId));
  }

  markExported(runId: string, taskId: string, path: string): void {
    const { changes } = this.durable(() => this.sql.markExported.run(path, runId, taskId));
    if (changes === 0) throw new StoreError('not_found', `Task "${taskId}" of run "${runId}" does not exist; cannot mark it exported.`);
  }

  /** Some settings of an existing run replaced, the rest kept; the result is validated as a whole. */
  private mergeSettings(runId: string, changes: Partial<RunSettings>): void {
    const settings = RunSettingsSchema.safeParse({ ...this.requireSettings(runId), ...changes });
    if (!settings.success) throw new StoreError('invalid_request', `Run "${runId}": ${settings.error.issues[0]?.message}`);
    this.durable(() => this.sql.runSettings.run(JSON.stringify(settings.data), runId));
  }

  /** As stored: mergeSettings validates the merged whole. Only the settings, not the run's figures (getRun). */
  private requireSettings(runId: string): object {
    const json = this.sql.settingsJson.get(runId);
    if (json === undefined) throw new StoreError('not_found', `Run "${runId}" does not exist.`);
    return JSON.parse(json) as object;
  }

  private requireRun(runId: string): RunStatus {
    const row = this.sql.runStatus.get(runId);
    if (!row) throw new StoreError('not_found', `Run "${runId}" does not exist.`);
    return row.status;
  }

  private requireIdle(runId: string, action: string): void {
    const status = this.requireRun(runId);
    if (status === 'running' || status === 'paused') {
      throw new StoreError('run_active', `Run "${runId}" is ${status}; stop or cancel it before you ${action}.`);
    }
  }
}

/** Runs a write; a full or failing disk becomes a StoreError that says so ('disk_full', 'io'). */
function onDisk<T>(dbPath: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw storeWriteError(error, dbPath);
  }
}

function validateNewRun(request: CreateRunRequest): void {
  if (typeof request.id !== 'string' || request.id.trim() === '') {
    throw new StoreError('invalid_request', `Run id must be a non-empty string, got ${JSON.stringify(request.id)}.`);
  }
  if (request.name !== undefined && (request.name.trim() === '' || request.name.length > MAX_RUN_NAME_LENGTH)) {
    throw new StoreError('invalid_request', `Run "${request.id}": a name must be 1 to ${MAX_RUN_NAME_LENGTH} characters, got ${JSON.stringify(request.name.slice(0, 200))}.`);
  }
  const ids = new Set<string>();
  const indexes = new Set<number>();
  for (const task of request.tasks) {
    if (typeof task.id !== 'string' || task.id === '') {
      throw new StoreError('invalid_request', `Run "${request.id}": task ids must be non-empty strings, got ${JSON.stringify(task.id)}.`);
    }
    if (!Number.isInteger(task.index) || task.index < 0) {
      throw new StoreError('invalid_request', `Run "${request.id}": task "${task.id}" has index ${task.index}; expected a whole number ≥ 0.`);
    }
    if (ids.has(task.id)) throw new StoreError('invalid_request', `Run "${request.id}": task id "${task.id}" appears twice.`);
    if (indexes.has(task.index)) throw new StoreError('invalid_request', `Run "${request.id}": task index ${task.index} appears twice.`);
    ids.add(task.id);
    indexes.add(task.index);
  }
}

function prepareRepositoryStatements(db: Database) {
  return {
    insertRun: db.prepare<[string, string, number, number, string, string | null, number]>(
      `INSERT INTO runs (id, name, created_at, updated_at, status, settings_json, out_dir, total)
         VALUES (?, ?, ?, ?, 'created', ?, ?, ?)`,
    ),
    renameRun: db.prepare<[string, string]>('UPDATE runs SET name = ? WHERE id = ?'),
    runSettings: db.prepare<[string, string]>('UPDATE runs SET settings_json = ? WHERE id = ?'),
    settingsJson: db.prepare<[string], string>('SELECT settings_json FROM runs WHERE id = ?').pluck(),
    spentUsd: db.prepare<[string], number>('SELECT coalesce(sum(cost_usd), 0) FROM attempts WHERE run_id = ?').pluck(),
    billedUsdByTask: db
      .prepare<[string], [string, number]>('SELECT task_id, sum(cost_usd) FROM attempts WHERE run_id = ? AND cost_usd IS NOT NULL GROUP BY task_id')
      .raw(),
    interruptedAttemptTokens: db
      .prepare<[string], number>("SELECT estimated_tokens FROM attempts WHERE run_id = ? AND status = 'interrupted' AND cost_usd IS NULL")
      .pluck(),
    attemptActivity: db
      .prepare<[string], AttemptActivityRow>('SELECT started_at, estimated_tokens, ended_at, error_kind, error_status FROM attempts WHERE run_id = ? ORDER BY started_at')
      .raw(),
    insertTask: db.prepare<[string, string, number, string, string, string, number]>(
      `INSERT INTO tasks (run_id, id, idx, topic, vars_json, prompt, status, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)`,
    ),
    runStatus: db.prepare<[string], { status: RunStatus }>('SELECT status FROM runs WHERE id = ?'),
    listRuns: db.prepare<[], RunSummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} ${runsWithFigures('')} GROUP BY r.id ORDER BY r.created_at DESC, r.rowid DESC`,
    ),
    getRun: db.prepare<{ runId: string }, RunDetailRow>(
      `SELECT ${SUMMARY_COLUMNS}, r.settings_json, r.limits_json ${runsWithFigures('WHERE run_id = @runId')} WHERE r.id = @runId GROUP BY r.id`,
    ),
    getTasks: db.prepare<[{ runId: string; statuses: string | null; limit: number; offset: number }], TaskRow>(
      `SELECT * FROM tasks WHERE run_id = @runId
         AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
       ORDER BY idx LIMIT @limit OFFSET @offset`,
    ),
    getTask: db.prepare<[string, string], TaskRow>('SELECT * FROM tasks WHERE run_id = ? AND id = ?'),
    getAttempts: db.prepare<[string, string], AttemptRow>('SELECT * FROM attempts WHERE run_id = ? AND task_id = ? ORDER BY n'),
    activeRuns: db.prepare<[], string>(`${ACTIVE_RUNS} ORDER BY created_at`).pluck(),
    interruptAttempts: db.prepare<[]>(`UPDATE attempts SET status = 'interrupted' WHERE status = 'running' AND run_id IN (${ACTIVE_RUNS})`),
    requeueTasks: db.prepare<[number]>(
      `UPDATE tasks SET status = 'queued', updated_at = ? WHERE status IN ${IN_FLIGHT} AND run_id IN (${ACTIVE_RUNS})`,
    ),
    interruptRuns: db.prepare<[number]>(`UPDATE runs SET status = 'interrupted', updated_at = ? WHERE status IN ('running', 'paused')`),
    resetFailed: db.prepare<[number, string]>(
      `UPDATE tasks SET status = 'queued', error_kind = NULL, error_message = NULL, updated_at = ?
         WHERE run_id = ? AND status = 'failed'`,
    ),
    deleteRun: db.prepare<[string]>('DELETE FROM runs WHERE id = ?'),
    updatePrompt: db.prepare<[string, number, string, string]>('UPDATE tasks SET prompt = ?, updated_at = ? WHERE run_id = ? AND id = ?'),
    setReview: db.prepare<[ReviewVerdict | null, number, string, string]>(
      `UPDATE tasks SET review = ?, updated_at = ? WHERE run_id = ? AND id = ? AND status IN ('done', 'needs_review')`,
    ),
    editArticle: db.prepare<[string, string | null, number, number, string, string]>(
      `UPDATE tasks SET result_text = ?, gates_json = ?, edited_at = ?, updated_at = ?, exported_path = NULL
         WHERE run_id = ? AND id = ? AND status IN ('done', 'needs_review')`,
    ),
    markExported: db.prepare<[string, string, string]>('UPDATE tasks SET exported_path = ? WHERE run_id = ? AND id = ?'),
  };
}
