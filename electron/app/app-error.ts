/** Failures of the app's own calls (not the store's, an export's or an input's), with a code the UI can branch on. */
export type AppErrorCode =
  | 'unsupported' // this host has no such thing (the desktop app has no folder browser)
  | 'folder_unknown' // a folder handle this session never handed out
  | 'no_folder' // the run has no output folder to open
  | 'key_pool' // a key already in the pool, or one that is not (any more)
  | 'shared_quota'; // the Redis password mask sent back for a server whose password main does not keep

export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}
