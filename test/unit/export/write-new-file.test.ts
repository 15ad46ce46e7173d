import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportError } from '../../../electron/export/export-error.ts';
import { nodeWriteFs, writeNewFile } from '../../../electron/export/write-new-file.ts';
import type { WriteFs } from '../../../electron/export/write-new-file.ts';

const isRoot = process.getuid?.() === 0;

function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** The real file system with one failure injected. */
function failing(overrides: Partial<WriteFs>): WriteFs {
  return { ...nodeWriteFs, ...overrides };
}

/** A real handle whose writeFile fails after the temporary file exists, as a full disk does. */
function failingWrites(code: string): WriteFs {
  return failing({
    open: async (path, flags) => {
      const handle = await nodeWriteFs.open(path, flags);
      return { writeFile: () => Promise.reject(fsError(code)), sync: () => handle.sync(), close: () => handle.close() };
    },
  });
}

async function exportError(promise: Promise<unknown>): Promise<ExportError> {
  const error = await promise.then(
    () => new Error('expected the write to fail'),
    (caught: unknown) => caught,
  );
  if (error instanceof ExportError) return error;
  throw error;
}

describe('writeNewFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pacer-write-'));
  });
  afterEach(async () => {
    await chmod(dir, 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the file and leaves no temporary file', async () => {
    const path = await writeNewFile(dir, 'a.md', 'héllo');
    expect(path).toBe(join(dir, 'a.md'));
    expect(await readFile(path, 'utf8')).toBe('héllo');
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it('never overwrites: an existing name fails with "exists" and the old contents stay', async () => {
    await writeFile(join(dir, 'a.md'), 'mine');
    const error = await exportError(writeNewFile(dir, 'a.md', 'new'));
    expect(error.code).toBe('exists');
    expect(error.message).toContain(`Not overwriting ${join(dir, 'a.md')}`);
    expect(await readFile(join(dir, 'a.md'), 'utf8')).toBe('mine');
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it('creates a missing folder (mkdir -p)', async () => {
    const nested = join(dir, 'x', 'y');
    await writeNewFile(nested, 'a.md', 'ok');
    expect(await readFile(join(nested, 'a.md'), 'utf8')).toBe('ok');
  });

  it.runIf(process.platform === 'linux')('refuses a missing folder under /proc at once, saying why, instead of creating levels there', async () => {
    const error = await exportError(writeNewFile('/proc/pacer-test/articles', 'a.md', 'x'));
    expect([error.code, error.message]).toEqual(['invalid_folder', expect.stringContaining('cannot hold articles')]);
  });

  it('says the folder is not a folder when a file has its name', async () => {
    await writeFile(join(dir, 'file'), '');
    expect((await exportError(writeNewFile(join(dir, 'file'), 'a.md', 'x'))).code).toBe('not_writable');
  });

  it('refuses names that are paths', async () => {
    for (const name of ['../a.md', 'a/b.md', 'a\\b.md', '..', '.', '', 'a\0.md']) {
      expect((await exportError(writeNewFile(dir, name, 'x'))).code).toBe('invalid_name');
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('maps a full disk to disk_full and removes the temporary file', async () => {
    const error = await exportError(writeNewFile(dir, 'a.md', 'x', failingWrites('ENOSPC')));
    expect(error.code).toBe('disk_full');
    expect(error.message).toBe(`The disk is full: could not write ${join(dir, 'a.md')}; free space and export again — the results are kept.`);
    expect(await readdir(dir)).toEqual([]);
  });

  it('maps EACCES, EPERM and EROFS to not_writable', async () => {
    for (const code of ['EACCES', 'EPERM', 'EROFS']) {
      const error = await exportError(writeNewFile(dir, 'a.md', 'x', failing({ open: () => Promise.reject(fsError(code)) })));
      expect(error.code).toBe('not_writable');
      expect(error.message).toContain(dir);
    }
  });

  it('removes the temporary file when linking fails', async () => {
    const error = await exportError(writeNewFile(dir, 'a.md', 'x', failing({ link: () => Promise.reject(fsError('EIO')) })));
    expect(error.code).toBe('write_failed');
    expect(error.message).toContain('EIO: simulated');
    expect(await readdir(dir)).toEqual([]);
  });

  it('falls back to an exclusive copy where the file system has no hard links (FAT, exFAT)', async () => {
    const noLinks = failing({ link: () => Promise.reject(fsError('EPERM')) });
    await writeNewFile(dir, 'a.md', 'copied', noLinks);
    expect(await readFile(join(dir, 'a.md'), 'utf8')).toBe('copied');
    expect(await readdir(dir)).toEqual(['a.md']);
    expect((await exportError(writeNewFile(dir, 'a.md', 'again', noLinks))).code).toBe('exists');
    expect(await readFile(join(dir, 'a.md'), 'utf8')).toBe('copied');
  });

  it('removes a partial copy when the fallback copy runs out of space', async () => {
    const fs = failing({
      link: () => Promise.reject(fsError('ENOTSUP')),
      copyFile: async (source, destination) => {
        await writeFile(destination, 'parti');
        throw fsError('ENOSPC');
      },
    });
    expect((await exportError(writeNewFile(dir, 'a.md', 'x', fs))).code).toBe('disk_full');
    expect(await readdir(dir)).toEqual([]);
  });

  it.skipIf(isRoot)('refuses a read-only folder with not_writable (root ignores permissions, so this is skipped when run as root)', async () => {
    const readOnly = join(dir, 'ro');
    await mkdir(readOnly);
    await chmod(readOnly, 0o500);
    const error = await exportError(writeNewFile(readOnly, 'a.md', 'x'));
    expect(error.code).toBe('not_writable');
    await chmod(readOnly, 0o700);
    expect(await readdir(readOnly)).toEqual([]);
  });
});
