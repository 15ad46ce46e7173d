import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { ExportError, errnoCode, toExportError } from './export-error.ts';
import { prepareExportFolder } from './prepare-folder.ts';

/**
 * Writes a file that appears complete or not at all, and never replaces an existing one: the
 * contents go to a hidden temporary file in the same folder, are flushed to disk, and are then
 * hard-linked under the final name. link(2) fails with EEXIST where rename(2) would silently
 * overwrite, so a file the user already has (or a concurrent export) is never clobbered.
 */

/** The part of node:fs/promises used here; tests pass a wrapper that injects errors. */
export interface WriteFs {
  open(path: string, flags: 'wx'): Promise<WriteHandle>;
  link(existingPath: string, newPath: string): Promise<void>;
  copyFile(source: string, destination: string, mode: number): Promise<void>;
  unlink(path: string): Promise<void>;
  /** One level, never recursive: prepare-folder.ts walks the levels itself. */
  mkdir(path: string): Promise<unknown>;
  readdir(path: string): Promise<string[]>;
}

export interface WriteHandle {
  writeFile(data: string, encoding: 'utf8'): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeWriteFs: WriteFs = fsPromises;

// FAT/exFAT drives and some network shares have no hard links: link() fails with one of these
// although the folder is writable (the temporary file was just created in it).
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** Creates `dir/name` with `contents` and returns its path. Creates `dir` if missing. */
export async function writeNewFile(dir: string, name: string, contents: string, fs: WriteFs = nodeWriteFs): Promise<string> {
  assertPlainName(name);
  const file = join(dir, name);
  // Not derived from `name`: a name near the 255-byte limit would push a derived one over it.
  // The pid lets a later export tell a crashed writer's leftover from a live one's (article-writer.ts).
  const tmp = join(dir, `.pacer-${process.pid}-${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await openCreatingDir(fs, dir, tmp);
    created = true;
    try {
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await publish(fs, tmp, file);
    return file;
  } catch (error) {
    throw toExportError(error, file, dir);
  } finally {
    if (created) await fs.unlink(tmp).catch(() => undefined);
  }
}

async function openCreatingDir(fs: WriteFs, dir: string, tmp: string): Promise<WriteHandle> {
  try {
    return await fs.open(tmp, 'wx');
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
  // The folder is gone (deleted mid-export) or was never made: checked and created as an export's
  // folder is, one level at a time.
  await prepareExportFolder(dir, { fs: { mkdir: (level) => fs.mkdir(level) } });
  return await fs.open(tmp, 'wx');
}

async function publish(fs: WriteFs, tmp: string, file: string): Promise<void> {
  try {
    await fs.link(tmp, file);
    return;
  } catch (error) {
    if (!NO_HARD_LINKS.has(errnoCode(error) ?? '')) throw error;
  }
  // Without hard links, an exclusive copy still never overwrites; it is not atomic, so a failed
  // copy's partial file is removed.
  try {
    await fs.copyFile(tmp, file, constants.COPYFILE_EXCL);
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') await fs.unlink(file).catch(() => undefined);
    throw error;
  }
}

function assertPlainName(name: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new ExportError('invalid_name', `Refusing to write ${JSON.stringify(name)}: a file name must be one plain name, not a path.`, name);
  }
}
