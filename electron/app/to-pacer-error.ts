import type { PacerError } from '../../shared/domain/errors.ts';
import { InputError } from '../../shared/input/input-error.ts';
import { ExportError } from '../export/export-error.ts';
import { StoreError } from '../store/store-error.ts';
import { AppError } from './app-error.ts';

/**
 * What a failed call answers: errors Pacer raises on purpose keep their stable code (the UI
 * branches on it) and their message (it already says what to do); anything else is a bug or an
 * environment failure, reported as 'internal' with its message. Never a stack or an Error object:
 * it crosses IPC and the WebSocket as plain data.
 */
export function toPacerError(error: unknown): PacerError {
  if (error instanceof StoreError || error instanceof ExportError || error instanceof InputError || error instanceof AppError) {
    return { code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: message || 'An unexpected error occurred (no details were given).' };
}
