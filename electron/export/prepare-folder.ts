import { constants } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import path from 'node:path';
import { walkToExisting } from '../os/folder-walk.ts';
import { SPECIAL_ROOTS, specialFileSystem } from '../os/special-filesystems.ts';
import { ExportError, errnoCode, toExportError } from './export-error.ts';

/**
 * Makes sure a folder can take an export before anything is written, and creates it if missing,
 * without ever hanging. Node's recursive mkdir never returns on a path under /proc (each level
 * says ENOENT and it retries forever, at full CPU, holding a thread of libuv's small pool), so the
 * target is checked first: an absolute path, not on a kernel filesystem (/proc, /sys, /dev…), whose
 * nearest existing parent is a folder Pacer may write in. Missing levels are then created one at a
 * time, and every file-system call gives up after a bound, so a dead network share cannot hang it.
 */
export interface FolderFs {
  stat(path: string): Promise<{ isDirectory(): boolean }>;
  statfs(path: string): Promise<{ type: number | bigint }>;
  access(path: string, mode: number): Promise<void>;
  /** One level, never recursive. */
  mkdir(path: string): Promise<unknown>;
}

export interface PrepareFolderOptions {
  /** @default node:fs/promises; tests inject failures and hangs. */
  readonly fs?: Partial<FolderFs>;
  /** Each file-system call's bound. @default 10 s */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** @default process.platform */
  readonly platform?: NodeJS.Platform;
}

export interface CheckedFolder {
  /** The folder, absolute and normalised. */
  readonly dir: string;
  /** Its nearest existing folder: itself, or the parent the missing levels are created in. */
  readonly existing: string;
  /** The levels to create, outermost first. */
  readonly missing: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 10_000;


/** Checks `dir` (see above); throws ExportError 'invalid_folder', 'not_writable', 'timeout' or 'cancelled'. */
export async function checkExportFolder(dir: string, options: PrepareFolderOptions = {}): Promise<CheckedFolder> {
  const fs = { ...nodeFolderFs, ...options.fs };
  const bounded = boundedCalls(options);
  requireAbsoluteFolder(dir, options.platform);
  const target = path.resolve(dir);
  const platform = options.platform ?? process.platform;
  if (platform === 'linux') refuseSpecialPath(target);

  const { existing, missing } = await walkToExisting(target, async (level) => {
    let isDirectory: boolean;
    try {
      isDirectory = (await bounded(`look at ${level}`, () => fs.stat(level))).isDirectory();
    } catch (error) {
      if (error instanceof ExportError) throw error;
      // ENOTDIR: a level above is a file; going up finds it and says so.
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return false;
      throw toExportError(error, target, level);
    }
    if (!isDirectory) {
      const consequence = level === target ? '' : `, so ${target} cannot be created`;
      throw new ExportError('not_writable', `${level} is not a folder (a file has that name)${consequence}. Choose another folder.`, level);
    }
    return true;
  });
  if (platform === 'linux') {
    const { type } = await bounded(`check the file system of ${existing}`, () => fs.statfs(existing));
    const special = specialFileSystem(type);
    if (special) throw specialFolder(target, `${existing} is on the kernel's ${special} file system`);
  }
  try {
    await bounded(`check that ${existing} is writable`, () => fs.access(existing, constants.W_OK));
  } catch (error) {
    if (error instanceof ExportError) throw error;
    throw new ExportError('not_writable', `Pacer may not write in ${existing} (${errnoCode(error) ?? 'no access'}). Choose another folder, or allow writing to it.`, existing, error);
  }
  return { dir: target, existing, missing };
}

/** Checks `dir`, then creates its missing levels one at a time. Returns the absolute path. */
export async function prepareExportFolder(dir: string, options: PrepareFolderOptions = {}): Promise<string> {
  const checked = await checkExportFolder(dir, options);
  const fs = { ...nodeFolderFs, ...options.fs };
  const bounded = boundedCalls(options);
  for (const level of checked.missing) {
    try {
      await bounded(`create ${level}`, () => fs.mkdir(level));
    } catch (error) {
      if (error instanceof ExportError) throw error;
      // Another export (or the user) made it meanwhile: fine, as long as it is a folder.
      if (errnoCode(error) === 'EEXIST' && (await bounded(`look at ${level}`, () => fs.stat(level))).isDirectory()) continue;
      throw toExportError(errnoCode(error) === 'EEXIST' ? Object.assign(new Error(`${level} is not a folder`), { code: 'ENOTDIR' }) : error, level, path.dirname(level));
    }
  }
  return checked.dir;
}

/** Throws ExportError 'invalid_folder' for a relative path, which would land wherever Pacer happens to run. */
export function requireAbsoluteFolder(dir: string, platform?: NodeJS.Platform): void {
  if (path.isAbsolute(dir)) return;
  throw new ExportError(
    'invalid_folder',
    `${JSON.stringify(dir)} is not an absolute folder path: it would land wherever Pacer happens to run. Give the full path, e.g. ${exampleFolder(platform)}.`,
    dir,
  );
}

export const nodeFolderFs: FolderFs = {
  stat: (p) => fsPromises.stat(p),
  statfs: (p) => fsPromises.statfs(p),
  access: (p, mode) => fsPromises.access(p, mode),
  mkdir: (p) => fsPromises.mkdir(p),
};

function refuseSpecialPath(target: string): void {
  const root = SPECIAL_ROOTS.find((special) => target === special || target.startsWith(`${special}/`));
  if (root) throw specialFolder(target, `${root} holds the kernel's and devices' files`);
}

function specialFolder(target: string, why: string): ExportError {
  return new ExportError('invalid_folder', `${target} cannot hold articles: ${why}, not documents. Choose a folder in your home folder, e.g. ${exampleFolder('linux')}.`, target);
}

function exampleFolder(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'C:\\Users\\you\\Documents\\Pacer' : platform === 'darwin' ? '/Users/you/Documents/Pacer' : '/home/you/Documents/Pacer';
}

/** Each call settles within the bound, or when the export is cancelled; a call that never returns is left behind. */
export function boundedCalls(options: Pick<PrepareFolderOptions, 'timeoutMs' | 'signal'>) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { signal } = options;
  return <T>(what: string, call: () => Promise<T>): Promise<T> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(() => reject(new ExportError('timeout', `Could not ${what}: no answer after ${Math.round(timeoutMs / 1_000)} s (a disk or network share that does not respond). Choose another folder.`, what))),
        timeoutMs,
      );
      const onAbort = () => finish(() => reject(signal?.reason));
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      call().then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(error)),
      );
    });
  };
}
