import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArticleMarkdownInput } from '../../../electron/export/article-markdown.ts';
import { ArticleWriter } from '../../../electron/export/article-writer.ts';
import { ExportError } from '../../../electron/export/export-error.ts';
import { nodeWriteFs } from '../../../electron/export/write-new-file.ts';
import type { WriteFs } from '../../../electron/export/write-new-file.ts';

const isRoot = process.getuid?.() === 0;

const article = (topic: string, text = `About ${topic}.`): ArticleMarkdownInput => ({
  topic,
  model: 'gpt-4o-mini',
  usage: { promptTokens: 10, completionTokens: 20, totalTokens: 30 },
  attempts: 1,
  createdAt: new Date('2026-11-29T10:00:00Z'),
  text,
});

function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

async function exportError(promise: Promise<unknown>): Promise<ExportError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (caught: unknown) => caught,
  );
  if (error instanceof ExportError) return error;
  throw error;
}

describe('ArticleWriter', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pacer-articles-'));
  });
  afterEach(async () => {
    await chmod(root, 0o700).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  it('creates the folder and writes one Markdown file per article', async () => {
    const dir = join(root, 'out', 'run-1');
    const writer = await ArticleWriter.open(dir);
    const written = await writer.write(article('How to Brew Coffee?'));
    expect(written).toEqual({ path: join(dir, 'how-to-brew-coffee.md'), fileName: 'how-to-brew-coffee.md' });
    const contents = await readFile(written.path, 'utf8');
    expect(contents).toMatch(/^---\ntopic: "How to Brew Coffee\?"\n/);
    expect(contents.endsWith('\nAbout How to Brew Coffee?.\n')).toBe(true);
  });

  it('keeps hostile topics inside the folder', async () => {
    const writer = await ArticleWriter.open(root);
    expect((await writer.write(article('../../etc/passwd'))).fileName).toBe('etc-passwd.md');
    expect((await writer.write(article('CON'))).fileName).toBe('con-file.md');
    expect((await readdir(root)).sort()).toEqual(['con-file.md', 'etc-passwd.md']);
  });

  it('writes the longest possible names (80 CJK characters, 240 UTF-8 bytes) within the 255-byte limit', async () => {
    const writer = await ArticleWriter.open(root);
    const topic = '東'.repeat(200);
    expect((await writer.write(article(topic))).fileName).toBe(`${'東'.repeat(80)}.md`);
    expect((await writer.write(article(topic))).fileName).toBe(`${'東'.repeat(80)}-2.md`);
    expect((await readdir(root)).length).toBe(2);
  });

  it('never overwrites files that were already in the folder, whatever their case', async () => {
    await writeFile(join(root, 'Coffee.md'), 'my own notes');
    await writeFile(join(root, 'coffee-2.md'), 'older export');
    const writer = await ArticleWriter.open(root);
    expect((await writer.write(article('coffee'))).fileName).toBe('coffee-3.md');
    expect(await readFile(join(root, 'Coffee.md'), 'utf8')).toBe('my own notes');
    expect(await readFile(join(root, 'coffee-2.md'), 'utf8')).toBe('older export');
  });

  it('gives same-topic articles finishing together distinct names, in call order', async () => {
    const writer = await ArticleWriter.open(root);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => writer.write(article('Coffee', `take ${n}`))));
    expect(results.map((r) => r.fileName)).toEqual(['coffee.md', 'coffee-2.md', 'coffee-3.md', 'coffee-4.md', 'coffee-5.md']);
    expect(await readFile(join(root, 'coffee-4.md'), 'utf8')).toContain('take 4');
    expect((await readdir(root)).length).toBe(5);
  });

  it('takes the next name when another program creates the file after the folder was read', async () => {
    const writer = await ArticleWriter.open(root);
    await writeFile(join(root, 'coffee.md'), 'appeared meanwhile');
    expect((await writer.write(article('Coffee'))).fileName).toBe('coffee-2.md');
    expect(await readFile(join(root, 'coffee.md'), 'utf8')).toBe('appeared meanwhile');
  });

  it('reports a full disk as disk_full, leaves no temporary file, and keeps working afterwards', async () => {
    let full = true;
    const fs: WriteFs = {
      ...nodeWriteFs,
      open: async (path, flags) => {
        const handle = await nodeWriteFs.open(path, flags);
        return {
          writeFile: (data, encoding) => (full ? Promise.reject(fsError('ENOSPC')) : handle.writeFile(data, encoding)),
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
    };
    const writer = await ArticleWriter.open(root, { fs });
    const error = await exportError(writer.write(article('Coffee')));
    expect(error.code).toBe('disk_full');
    expect(error.message).toMatch(/^The disk is full: could not write .*coffee\.md; free space and export again — the results are kept\.$/);
    expect(await readdir(root)).toEqual([]);
    full = false;
    expect((await writer.write(article('Tea'))).fileName).toBe('tea.md');
  });

  it('reports a folder it may not write to as not_writable (simulated, so it also runs as root)', async () => {
    const fs: WriteFs = { ...nodeWriteFs, open: () => Promise.reject(fsError('EACCES')) };
    const writer = await ArticleWriter.open(root, { fs });
    const error = await exportError(writer.write(article('Coffee')));
    expect(error.code).toBe('not_writable');
    expect(error.path).toBe(root);
  });

  it('reports a folder it cannot create', async () => {
    await writeFile(join(root, 'taken'), '');
    expect((await exportError(ArticleWriter.open(join(root, 'taken', 'out')))).code).toBe('not_writable');
    const fs: WriteFs = { ...nodeWriteFs, mkdir: () => Promise.reject(fsError('EROFS')) };
    expect((await exportError(ArticleWriter.open(join(root, 'new'), { fs }))).message).toContain('read-only disk');
  });

  it.skipIf(isRoot)('refuses a real read-only folder with not_writable (root ignores permissions, so this is skipped when run as root)', async () => {
    const dir = join(root, 'ro');
    await mkdir(dir);
    await chmod(dir, 0o500);
    const writer = await ArticleWriter.open(dir);
    expect((await exportError(writer.write(article('Coffee')))).code).toBe('not_writable');
  });
});
