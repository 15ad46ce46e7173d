import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { renderArticleMarkdown } from './article-markdown.ts';
import type { ArticleMarkdownInput } from './article-markdown.ts';
import { ExportError, errnoCode, toExportError } from './export-error.ts';
import { articleFileName, fileNameKey } from './file-names.ts';
import { prepareExportFolder } from './prepare-folder.ts';
import { nodeWriteFs, writeNewFile } from './write-new-file.ts';
import type { WriteFs } from './write-new-file.ts';
import { isProcessAlive } from '../os/process-identity.ts';

export interface WrittenArticle {
  readonly path: string;
  readonly fileName: string;
}

export interface ArticleWriterOptions {
  /** @default node:fs/promises; tests inject failures here. */
  readonly fs?: WriteFs;
  /** Clock for telling a crash's leftover temporary file from one being written right now. @default Date.now */
  readonly now?: () => number;
  /** Cancels opening the folder (an export the user cancelled). */
  readonly signal?: AbortSignal;
}

/**
 * Runs right before each write attempt, with the name about to be written, and may throw to stop
 * it. RunExporter records the name here first, so a crash never leaves a file nobody knows about.
 */
export type BeforeWrite = (planned: WrittenArticle) => void;

// Another program may create a file between our directory listing and our write; after this many
// names lost that way, something is wrong and the error is reported instead.
const MAX_NAME_ATTEMPTS = 20;

// write-new-file.ts writes `.pacer-<pid>-<random>.tmp` next to the target and removes it once the
// file is published. One whose writer process is gone was left by a crash; one whose pid is alive
// (or unknown) may belong to an export running right now, and goes only once it is a minute old.
const TMP_PREFIX = '.pacer-';
const TMP_SUFFIX = '.tmp';
const STALE_TMP_MS = 60_000;
const TMP_PID = /^\.pacer-(\d+)-[0-9a-f]+\.tmp$/;

/**
 * Writes each finished article to `<dir>/<topic>.md`. Names are claimed synchronously, before any
 * I/O, so articles finishing together (even for the same topic) get distinct names in the order
 * `write` was called, while the writes themselves run in parallel. Files that were in the folder
 * when it was opened, or appear later, are never overwritten.
 */
export class ArticleWriter {
  readonly dir: string;
  private readonly taken: Set<string>;
  private readonly fs: WriteFs;

  private constructor(dir: string, taken: Set<string>, fs: WriteFs) {
    this.dir = dir;
    this.taken = taken;
    this.fs = fs;
  }

  /** Creates `dir` if needed, removes temporary files a crash left in it, and notes every name in it. */
  static async open(dir: string, options: ArticleWriterOptions = {}): Promise<ArticleWriter> {
    const fs = options.fs ?? nodeWriteFs;
    // Checked and created without a recursive mkdir, which never returns under /proc (prepare-folder.ts).
    await prepareExportFolder(dir, { fs: { mkdir: (level) => fs.mkdir(level) }, signal: options.signal });
    try {
      const existing = await fs.readdir(dir);
      const removed = await removeStaleTempFiles(fs, dir, existing, (options.now ?? Date.now)());
      const names = existing.filter((name) => !removed.has(name));
      return new ArticleWriter(dir, new Set(names.map(fileNameKey)), fs);
    } catch (error) {
      throw toExportError(error, dir, dir);
    }
  }

  /**
   * Writes the article under the next free name for its topic. `beforeWrite` sees each name before
   * it is written; when another program takes that name first, the next one is tried (and shown).
   */
  async write(article: ArticleMarkdownInput, beforeWrite?: BeforeWrite): Promise<WrittenArticle> {
    const contents = renderArticleMarkdown(article);
    for (let attempt = 1; ; attempt++) {
      const fileName = articleFileName(article.topic, this.taken);
      const planned = { path: join(this.dir, fileName), fileName };
      beforeWrite?.(planned);
      try {
        await writeNewFile(this.dir, fileName, contents, this.fs);
        return planned;
      } catch (error) {
        // The name was taken behind our back: it stays in `taken`, and the next free one is tried.
        if (!isNameTaken(error) || attempt >= MAX_NAME_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Writes the article under exactly `fileName` (a name planned earlier, e.g. before a crash).
   * Never overwrites: an existing file with that name is an ExportError 'exists'.
   */
  async writeAt(fileName: string, article: ArticleMarkdownInput): Promise<WrittenArticle> {
    this.reserve(fileName);
    const path = await writeNewFile(this.dir, fileName, renderArticleMarkdown(article), this.fs);
    return { path, fileName };
  }

  /** Keeps `fileName` from being handed out by `write`, although no file has it (yet). */
  reserve(fileName: string): void {
    this.taken.add(fileNameKey(fileName));
  }

  /** Whether `<dir>/<fileName>` exists right now. */
  async hasFile(fileName: string): Promise<boolean> {
    const path = join(this.dir, fileName);
    try {
      await stat(path);
      return true;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw toExportError(error, path, this.dir);
    }
  }

  /**
   * The names `write` has handed out, or found in the folder, for this topic: `coffee.md`,
   * `coffee-2.md`, … up to the first free one. An earlier export of the topic has one of these.
   */
  namesInUse(topic: string): string[] {
    const seen = new Set<string>();
    const names: string[] = [];
    for (;;) {
      const name = articleFileName(topic, seen);
      if (!this.taken.has(fileNameKey(name))) return names;
      names.push(name);
    }
  }
}

export function isNameTaken(error: unknown): boolean {
  return error instanceof ExportError && error.code === 'exists';
}

/** Returns the names it removed. Failing to remove one is not worth failing the export over. */
async function removeStaleTempFiles(fs: WriteFs, dir: string, names: readonly string[], now: number): Promise<Set<string>> {
  const removed = new Set<string>();
  for (const name of names) {
    if (!name.startsWith(TMP_PREFIX) || !name.endsWith(TMP_SUFFIX)) continue;
    try {
      const pid = Number(TMP_PID.exec(name)?.[1] ?? NaN);
      const writerGone = Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid);
      const { mtimeMs } = await stat(join(dir, name));
      if (!writerGone && now - mtimeMs < STALE_TMP_MS) continue;
      await fs.unlink(join(dir, name));
      removed.add(name);
    } catch {
      // Gone already (another export cleaned it) or not ours to remove: leave it.
    }
  }
  return removed;
}
