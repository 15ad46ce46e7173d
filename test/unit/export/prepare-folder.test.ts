import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportError } from '../../../electron/export/export-error.ts';
import { checkExportFolder, prepareExportFolder } from '../../../electron/export/prepare-folder.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pacer-folder-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<ExportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ExportError)) throw new Error(`expected an ExportError, got ${String(error)}`);
  return error;
}

const never = () => new Promise<never>(() => undefined);

describe('prepareExportFolder', () => {
  it('creates every missing level of an absolute folder, one at a time', async () => {
    const dir = join(root, 'a', 'b', 'c');
    expect(await checkExportFolder(dir)).toEqual({ dir, existing: root, missing: [join(root, 'a'), join(root, 'a', 'b'), dir] });
    expect(await prepareExportFolder(dir)).toBe(dir);
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect(await prepareExportFolder(`${dir}/../c/`)).toBe(dir);
  });

  it('refuses a relative folder, saying to give the full path', async () => {
    const error = await refusal(prepareExportFolder('exports/run'));
    expect(error.code).toBe('invalid_folder');
    expect(error.message).toContain('"exports/run" is not an absolute folder path');
    expect(error.message).toContain('/home/you/Documents/Pacer');
  });

  it.runIf(process.platform === 'linux')('refuses /proc, /sys and /dev at once (a recursive mkdir under /proc never returns)', async () => {
    for (const dir of ['/proc/pacer-export/a', '/proc/self/pacer', '/sys/pacer', '/dev/pacer']) {
      const error = await refusal(prepareExportFolder(dir));
      expect(error.code, dir).toBe('invalid_folder');
      expect(error.message).toContain(`${dir} cannot hold articles`);
    }
  });

  it('refuses a folder whose nearest existing level is a file', async () => {
    await writeFile(join(root, 'file'), 'x');
    const error = await refusal(prepareExportFolder(join(root, 'file', 'out')));
    expect(error.code).toBe('not_writable');
    expect(error.message).toBe(`${join(root, 'file')} is not a folder (a file has that name), so ${join(root, 'file', 'out')} cannot be created. Choose another folder.`);
    expect((await refusal(prepareExportFolder(join(root, 'file')))).message).toBe(`${join(root, 'file')} is not a folder (a file has that name). Choose another folder.`);
  });

  it('refuses a folder on a kernel file system it does not know by path', async () => {
    const error = await refusal(prepareExportFolder(join(root, 'x'), { platform: 'linux', fs: { statfs: async () => ({ type: 0x9fa0 }) } }));
    expect(error.code).toBe('invalid_folder');
    expect(error.message).toContain(`${root} is on the kernel's procfs file system`);
  });

  it('refuses a folder it may not write in', async () => {
    const error = await refusal(prepareExportFolder(join(root, 'x'), { fs: { access: async () => Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })) } }));
    expect(error.code).toBe('not_writable');
    expect(error.message).toBe(`Pacer may not write in ${root} (EACCES). Choose another folder, or allow writing to it.`);
  });

  it('gives up on a file system that does not answer, and stops when cancelled', async () => {
    const timedOut = await refusal(prepareExportFolder(join(root, 'x'), { timeoutMs: 20, fs: { stat: never } }));
    expect(timedOut.code).toBe('timeout');
    expect(timedOut.message).toContain('no answer after 0 s');

    const controller = new AbortController();
    const going = prepareExportFolder(join(root, 'y'), { signal: controller.signal, fs: { mkdir: never } });
    const reason = new ExportError('cancelled', 'Export cancelled.', root);
    setImmediate(() => controller.abort(reason));
    expect(await refusal(going)).toBe(reason);
  });

  it('accepts a level another export created meanwhile', async () => {
    const dir = join(root, 'raced');
    const fs = {
      mkdir: async (path: string) => {
        await import('node:fs/promises').then((m) => m.mkdir(path));
        throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      },
    };
    expect(await prepareExportFolder(dir, { fs })).toBe(dir);
  });
});
