/**
 * Why an export failed, with a stable code for the UI and the CLI. An export failing never loses
 * a result: the articles stay in the run's store and can be exported again, and messages say so.
 */
export type ExportErrorCode =
  | 'exists' // the name is taken; nothing was overwritten
  | 'disk_full' // ENOSPC / EDQUOT
  | 'not_writable' // no permission, read-only file system, or the folder is a file
  | 'invalid_name' // a name that is not one plain path segment (a bug upstream)
  | 'invalid_folder' // not an absolute path, or a kernel filesystem such as /proc
  | 'timeout' // the disk did not answer in time, or the export made no progress
  | 'cancelled' // the user cancelled the export
  | 'write_failed'; // any other I/O error

export class ExportError extends Error {
  readonly code: ExportErrorCode;
  /** The file or folder the error is about. */
  readonly path: string;

  constructor(code: ExportErrorCode, message: string, path: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'ExportError';
    this.code = code;
    this.path = path;
  }
}

const KEPT = 'the results are kept';

/** Maps a Node fs error while writing `file` (in `dir`) to an ExportError with a message that says what to do. */
export function toExportError(error: unknown, file: string, dir: string): ExportError {
  if (error instanceof ExportError) return error;
  const code = errnoCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'EEXIST':
      return new ExportError('exists', `Not overwriting ${file}: a file with that name already exists. Export to another folder or under another name.`, file, error);
    case 'ENOSPC':
    case 'EDQUOT':
      return new ExportError('disk_full', `The disk is full: could not write ${file}; free space and export again — ${KEPT}.`, file, error);
    case 'EACCES':
    case 'EPERM':
      return new ExportError('not_writable', `No permission to write in ${dir} (${code}). Choose another folder or allow writing to it, then export again — ${KEPT}.`, dir, error);
    case 'EROFS':
      return new ExportError('not_writable', `${dir} is on a read-only disk. Choose another folder and export again — ${KEPT}.`, dir, error);
    case 'ENOENT':
      return new ExportError('not_writable', `Could not create the folder ${dir} (ENOENT: a virtual or special file system, such as /proc?). Choose another folder and export again — ${KEPT}.`, dir, error);
    case 'ENOTDIR':
      return new ExportError('not_writable', `${dir} is not a folder (a file has that name). Choose another folder and export again — ${KEPT}.`, dir, error);
    default:
      return new ExportError('write_failed', `Could not write ${file}: ${detail}. Try exporting again — ${KEPT}.`, file, error);
  }
}

export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
