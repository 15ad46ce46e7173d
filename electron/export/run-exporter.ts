import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { isExportable } from '../../shared/domain/review.ts';
import { knownSecrets } from '../secrets/secret-redactor.ts';
import { StoreError } from '../store/store-error.ts';
import type { RunRepository } from '../store/run-repository.ts';
import type { StoredTask } from '../store/types.ts';
import { renderArticleMarkdown } from './article-markdown.ts';
import type { ArticleMarkdownInput } from './article-markdown.ts';
import { ArticleWriter, isNameTaken } from './article-writer.ts';
import type { ArticleWriterOptions } from './article-writer.ts';
import { ExportError } from './export-error.ts';

/**
 * Exports a stored run's done tasks as Markdown files, so that every done task ends with exactly
 * one file in the folder it was first exported to, whatever moment a crash picks, and no file
 * already there is ever overwritten. Two phases per task:
 *   1. plan a free name and record it in the store (`markExported`, fsynced) BEFORE writing;
 *   2. write the file atomically under that name, never over an existing one (write-new-file.ts).
 * A later call finds the recorded name: if that file exists it is this task's, and complete (the
 * write is atomic), so nothing is written; if not, the crash came between the phases and the file
 * is written under the recorded name now.
 *
 * Exporting to another folder than a task's recorded one (`pacer export <run> --out other`) writes
 * copies there and leaves the record alone. "Another folder" means: the recorded path's folder,
 * resolved, differs from this exporter's folder, resolved, and neither path names the other
 * through a symlink (compared by realpath when both exist). A copy counts as already there when one
 * of the topic's names in that folder holds exactly the article's Markdown, so exporting to the same
 * other folder twice writes nothing the second time (a copy the user has edited gets a fresh one).
 *
 * One exporter per run and folder at a time: concurrent calls for the same task share one export,
 * but two exporters on the same run could both write a task that had no recorded name yet.
 */
export interface ExportFailure {
  readonly taskId: string;
  readonly topic: string;
  readonly code: string;
  readonly message: string;
}

export interface ExportSummary {
  readonly written: number;
  readonly alreadyExported: number;
  readonly failed: ExportFailure[];
  /** The folder, resolved to an absolute path. */
  readonly dir: string;
}

export type TaskExportOutcome = 'written' | 'already-exported';

/** What the exporter needs from the store; a RunStore or RunRepository is one. */
export type ExportStore = Pick<RunRepository, 'getRun' | 'getTasks' | 'getTask' | 'getAttempts' | 'markExported'>;

// Writes in flight during exportAll: enough to overlap the fsyncs, few enough to stay polite.
const EXPORT_ALL_CONCURRENCY = 8;
// Tasks read per query when scanning a run (10,000 articles are tens of MB of text).
const PAGE_SIZE = 500;

export class RunExporter {
  readonly runId: string;
  readonly dir: string;
  private readonly store: ExportStore;
  private readonly writer: ArticleWriter;
  private readonly model: string;
  private readonly realDir: string;
  private readonly sameDirCache = new Map<string, Promise<boolean>>();
  private readonly inFlight = new Map<string, Promise<TaskExportOutcome>>();
  private readonly acceptedOnly: boolean;

  private constructor(store: ExportStore, runId: string, model: string, writer: ArticleWriter, realDir: string, acceptedOnly: boolean) {
    this.store = store;
    this.acceptedOnly = acceptedOnly;
    this.runId = runId;
    this.model = model;
    this.writer = writer;
    this.dir = writer.dir;
    this.realDir = realDir;
  }

  /**
   * Opens `dir` (created if missing, crash leftovers removed) for run `runId`. Throws StoreError
   * 'not_found' for an unknown run, ExportError when the folder cannot be used.
   */
  static async open(store: ExportStore, runId: string, dir: string, options: ArticleWriterOptions & { readonly acceptedOnly?: boolean } = {}): Promise<RunExporter> {
    const run = store.getRun(runId);
    if (!run) throw new StoreError('not_found', `Run "${runId}" does not exist, so it cannot be exported. List the runs and their ids with \`pacer runs\`.`);
    const writer = await ArticleWriter.open(path.resolve(dir), options);
    const exporter = new RunExporter(store, runId, run.settings.model, writer, await realpathOr(writer.dir), options.acceptedOnly ?? false);
    await exporter.reserveRecordedNames();
    return exporter;
  }

  /**
   * Exports one done task; safe to call again at any time (after a crash, twice at once).
   * Throws ExportError on disk problems (the name stays recorded: a later call finishes the job),
   * StoreError when the task is unknown or not done.
   */
  exportTask(taskId: string): Promise<TaskExportOutcome> {
    const running = this.inFlight.get(taskId);
    if (running) return running;
    const started = this.exportOnce(taskId).finally(() => this.inFlight.delete(taskId));
    this.inFlight.set(taskId, started);
    return started;
  }

  /**
   * Exports every done task that is not in this folder yet; a task that fails is collected and the
   * rest go on. An aborted `signal` stops it between articles (those being written finish) and
   * rejects with the signal's reason; `onProgress` hears each article as it is done with.
   */
  async exportAll(options: { readonly signal?: AbortSignal; readonly onProgress?: (handled: number, total: number) => void } = {}): Promise<ExportSummary> {
    const { signal, onProgress } = options;
    const tasks = new Map<string, string>(); // id -> topic; a Map because paging may see a task twice
    for (const task of this.doneTasks()) tasks.set(task.id, task.topic);
    const ids = [...tasks.keys()];
    let next = 0;
    let written = 0;
    let alreadyExported = 0;
    const failed: ExportFailure[] = [];
    let fatal: { readonly error: unknown } | undefined;
    const worker = async (): Promise<void> => {
      while (next < ids.length && !fatal && !signal?.aborted) {
        const id = ids[next++]!;
        try {
          if ((await this.exportTask(id)) === 'written') written++;
          else alreadyExported++;
        } catch (error) {
          // Disk problems are per task; anything else (the store failing to record) stops the export,
          // once the writes already started have settled.
          if (error instanceof ExportError) failed.push({ taskId: id, topic: tasks.get(id) ?? '', code: error.code, message: error.message });
          else fatal ??= { error };
        }
        onProgress?.(written + alreadyExported + failed.length, ids.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(EXPORT_ALL_CONCURRENCY, ids.length) }, worker));
    if (fatal) throw fatal.error;
    signal?.throwIfAborted();
    // Workers finish out of order; failures are reported in input order.
    const position = new Map(ids.map((id, index) => [id, index]));
    failed.sort((a, b) => (position.get(a.taskId) ?? 0) - (position.get(b.taskId) ?? 0));
    return { written, alreadyExported, failed, dir: this.dir };
  }

  private async exportOnce(taskId: string): Promise<TaskExportOutcome> {
    // Read fresh, never from a list read earlier: the recorded name may have been set since.
    const task = this.store.getTask(this.runId, taskId);
    if (!task) throw new StoreError('not_found', `Task "${taskId}" of run "${this.runId}" does not exist, so it cannot be exported.`);
    if (!isExportable(task, this.acceptedOnly)) {
      const wanted = this.acceptedOnly ? 'only articles accepted in review are exported' : 'only done tasks have an article to export (and articles that need review, once accepted)';
      throw new StoreError('invalid_request', `Task "${taskId}" (${JSON.stringify(task.topic)}) of run "${this.runId}" is ${task.status}${task.review ? `, ${task.review}` : ''}; ${wanted}.`);
    }
    const article = this.articleOf(task);
    if (task.exportedPath === null) return this.writeRecorded(task, article);
    if (!(await this.isInThisDir(task.exportedPath))) return this.writeCopy(article);
    const fileName = path.basename(task.exportedPath);
    if (await this.writer.hasFile(fileName)) return 'already-exported';
    try {
      await this.writer.writeAt(fileName, article);
      return 'written';
    } catch (error) {
      if (!isNameTaken(error)) throw error;
    }
    // Between the crash and now, another program created a file under the planned name: it is not
    // ours and stays untouched; the article gets a new name, recorded as before.
    return this.writeRecorded(task, article);
  }

  /** Phase one (record the planned name) then phase two (write), for every name tried. */
  private async writeRecorded(task: StoredTask, article: ArticleMarkdownInput): Promise<TaskExportOutcome> {
    await this.writer.write(article, (planned) => this.store.markExported(this.runId, task.id, planned.path));
    return 'written';
  }

  private async writeCopy(article: ArticleMarkdownInput): Promise<TaskExportOutcome> {
    const contents = renderArticleMarkdown(article);
    for (const name of this.writer.namesInUse(article.topic)) {
      if ((await readIfFile(path.join(this.dir, name))) === contents) return 'already-exported';
    }
    await this.writer.write(article);
    return 'written';
  }

  /** Redacted again here: a database written before keys were redacted at the store may hold one. */
  private articleOf(task: StoredTask): ArticleMarkdownInput {
    return knownSecrets.redact({
      topic: task.topic,
      model: this.model,
      // Not expected for a done task; metadata is never worth losing the article over (written as null).
      usage: task.usage ?? { promptTokens: Number.NaN, completionTokens: Number.NaN, totalTokens: Number.NaN },
      attempts: task.attempts,
      createdAt: new Date(this.finishedAt(task)),
      text: task.resultText ?? '',
      vars: task.vars,
    });
  }

  /**
   * When the reply that became the article ended. Not the task's updatedAt alone: editing a done
   * task's prompt moves that, and the front matter (which copies are recognised by) must not move.
   */
  private finishedAt(task: StoredTask): number {
    const ok = this.store.getAttempts(this.runId, task.id).findLast((attempt) => attempt.status === 'ok');
    return ok?.endedAt ?? task.updatedAt;
  }

  /**
   * Names this run recorded in this folder stay taken even while their file is missing (a crash
   * between the phases), so no other task is planned under them and mistaken for them later.
   */
  private async reserveRecordedNames(): Promise<void> {
    for (const task of this.tasksWithText()) {
      if (task.exportedPath !== null && (await this.isInThisDir(task.exportedPath))) this.writer.reserve(path.basename(task.exportedPath));
    }
  }

  /** Tasks with an article to export, in input order, a page at a time; a task finishing meanwhile may make one appear twice, never skip one. */
  private *doneTasks(): Generator<StoredTask> {
    for (const task of this.tasksWithText()) if (isExportable(task, this.acceptedOnly)) yield task;
  }

  private *tasksWithText(): Generator<StoredTask> {
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = this.store.getTasks(this.runId, { status: ['done', 'needs_review'], offset, limit: PAGE_SIZE });
      yield* page;
      if (page.length < PAGE_SIZE) return;
    }
  }

  private isInThisDir(recordedPath: string): Promise<boolean> {
    const recordedDir = path.resolve(path.dirname(recordedPath));
    if (recordedDir === this.dir) return Promise.resolve(true);
    let same = this.sameDirCache.get(recordedDir);
    if (!same) {
      same = realpathOr(recordedDir).then((real) => real === this.realDir);
      this.sameDirCache.set(recordedDir, same);
    }
    return same;
  }
}

/** The canonical path (symlinks resolved), or the path itself when it does not exist. */
async function realpathOr(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    return dir;
  }
}

async function readIfFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    // Missing, a folder, or unreadable: not a copy we can recognise, so a fresh one is written.
    return undefined;
  }
}
