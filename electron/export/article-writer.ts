import { renderArticleMarkdown } from './article-markdown.ts';
import type { ArticleMarkdownInput } from './article-markdown.ts';
import { ExportError, toExportError } from './export-error.ts';
import { articleFileName, fileNameKey } from './file-names.ts';
import { nodeWriteFs, writeNewFile } from './write-new-file.ts';
import type { WriteFs } from './write-new-file.ts';

export interface WrittenArticle {
  readonly path: string;
  readonly fileName: string;
}

export interface ArticleWriterOptions {
  /** @default node:fs/promises; tests inject failures here. */
  readonly fs?: WriteFs;
}

// Another program may create a file between our directory listing and our write; after this many
// names lost that way, something is wrong and the error is reported instead.
const MAX_NAME_ATTEMPTS = 20;

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

  /** Creates `dir` if needed and notes every name already in it. */
  static async open(dir: string, options: ArticleWriterOptions = {}): Promise<ArticleWriter> {
    const fs = options.fs ?? nodeWriteFs;
    try {
      await fs.mkdir(dir, { recursive: true });
      const existing = await fs.readdir(dir);
      return new ArticleWriter(dir, new Set(existing.map(fileNameKey)), fs);
    } catch (error) {
      throw toExportError(error, dir, dir);
    }
  }

  async write(article: ArticleMarkdownInput): Promise<WrittenArticle> {
    const contents = renderArticleMarkdown(article);
    for (let attempt = 1; ; attempt++) {
      const fileName = articleFileName(article.topic, this.taken);
      try {
        const path = await writeNewFile(this.dir, fileName, contents, this.fs);
        return { path, fileName };
      } catch (error) {
        // The name was taken behind our back: it stays in `taken`, and the next free one is tried.
        if (!(error instanceof ExportError && error.code === 'exists') || attempt >= MAX_NAME_ATTEMPTS) throw error;
      }
    }
  }
}
