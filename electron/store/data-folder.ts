import fs from 'node:fs';
import path from 'node:path';
import { walkToExistingSync } from '../os/folder-walk.ts';
import { specialFileSystem } from '../os/special-filesystems.ts';
import { StoreError } from './store-error.ts';

/**
 * Makes sure the data folder can hold the run store before anything is opened in it, so that a bad
 * `--data` or PACER_DATA_DIR gets a sentence naming the folder and what to do, not an errno and a
 * stack. Checked: each existing part of the path is a folder; the folder is not on one of the
 * kernel's virtual file systems (/proc, /sys…), where mkdir fails oddly (Node's recursive mkdir
 * spins forever on /proc/x, whose mkdir says ENOENT although /proc exists); missing folders are
 * made one level at a time, so the work is bounded by the path's depth; the folder is writable;
 * and an existing database is a regular file (opening a FIFO would block forever).
 */


export function checkDataFolder(dataDir: string, dbFileName: string, options: { readonly create: boolean }): void {
  const folder = path.resolve(dataDir);
  const { existing, missing } = walkToExistingSync(folder, (level) => {
    const info = statOrUndefined(level, folder);
    if (info && !info.isDirectory()) throw notAFolder(level, info, folder);
    return info !== undefined; // a root that does not exist (a drive letter that is not there) ends the walk too
  });
  refuseVirtualFileSystem(existing, folder);
  if (!options.create && missing.length > 0) return; // nothing there to read: the caller says "no runs yet"
  for (const dir of missing) {
    try {
      fs.mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw folderError(error, folder, `create ${dir}`);
      const info = fs.statSync(dir);
      if (!info.isDirectory()) throw notAFolder(dir, info, folder);
    }
  }
  try {
    fs.accessSync(folder, options.create ? fs.constants.W_OK | fs.constants.X_OK : fs.constants.X_OK);
  } catch (error) {
    throw folderError(error, folder, options.create ? 'write to it' : 'read it');
  }
  const dbPath = path.join(folder, dbFileName);
  const db = statOrUndefined(dbPath, folder);
  if (db && !db.isFile()) {
    throw new StoreError('io', `${dbPath} is not a regular file (it is ${kindOf(db)}), so Pacer cannot keep its runs in it. Move it away, or choose another data folder with --data or PACER_DATA_DIR.`, { path: dbPath });
  }
}

function statOrUndefined(file: string, folder: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw notAFolderAbove(file, folder);
    throw folderError(error, folder, `look at ${file}`);
  }
}

function refuseVirtualFileSystem(existing: string, folder: string): void {
  let type: number;
  try {
    type = fs.statfsSync(existing).type;
  } catch {
    return; // statfs is not everywhere; mkdir and access below still say what is wrong
  }
  const name = specialFileSystem(type);
  if (name !== undefined) {
    throw new StoreError('io', `Cannot keep runs in ${folder}: ${existing} is on ${name}, a virtual file system of the kernel that holds no files. ${CHOOSE_ANOTHER}`, { path: folder });
  }
}

const CHOOSE_ANOTHER = 'Choose a folder on a disk with --data DIR or PACER_DATA_DIR.';

function notAFolder(file: string, info: fs.Stats, folder: string): StoreError {
  const kind = kindOf(info);
  const where = file === folder ? `${folder} is ${kind}, not a folder` : `${file} is ${kind}, so ${folder} cannot be a folder under it`;
  return new StoreError('io', `Cannot keep runs in ${folder}: ${where}. ${CHOOSE_ANOTHER}`, { path: folder });
}

/** ENOTDIR: some part of the path above `file` is not a folder; name the first one. */
function notAFolderAbove(file: string, folder: string): StoreError {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const info = fs.statSync(dir, { throwIfNoEntry: false });
    if (info && !info.isDirectory()) return notAFolder(dir, info, folder);
  }
  return new StoreError('io', `Cannot keep runs in ${folder}: part of the path is not a folder. ${CHOOSE_ANOTHER}`, { path: folder });
}

function folderError(error: unknown, folder: string, action: string): StoreError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied. Make the folder writable for your user, or choose another'
      : code === 'EROFS'
        ? 'the file system is read-only. Choose a folder on a writable disk'
        : code === 'ENOSPC'
          ? 'disk full. Free some space, or choose a folder on another disk'
          : code === 'ENOENT'
            ? 'the system refused to create it there (a virtual or special file system?). Choose another folder'
            : `${(error as Error).message}. Choose another folder`;
  return new StoreError(code === 'ENOSPC' ? 'disk_full' : 'io', `Cannot keep runs in ${folder}: could not ${action}: ${why} (--data DIR or PACER_DATA_DIR).`, { path: folder, cause: error });
}

function kindOf(info: fs.Stats): string {
  if (info.isFile()) return 'a file';
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
