/**
 * Why a list of topics could not be read. `code` is stable (the UI and the CLI branch on it); the
 * message names the file or row and says what to do.
 */
export type InputErrorCode =
  | 'empty' // nothing to run: empty file, header only, every topic blank
  | 'unknown_column' // the requested topic column is not in the header
  | 'malformed_csv' // unclosed quote, a row with more fields than the header
  | 'binary' // not a text file at all
  | 'encoding' // text, but not UTF-8 / UTF-16 with a BOM
  | 'too_large' // over the size we are willing to load into memory
  | 'not_found' // no such file
  | 'unreadable'; // a folder, no permission, or an I/O error

export class InputError extends Error {
  readonly code: InputErrorCode;
  /** 1-based row (CSV/TSV, header = row 1) or line (plain lists) the error is about, when it is about one. */
  readonly row?: number;

  constructor(code: InputErrorCode, message: string, options: { row?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'InputError';
    this.code = code;
    this.row = options.row;
  }
}
