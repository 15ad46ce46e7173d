import { readFile, stat } from 'node:fs/promises';
import type { GateSettings } from '../../shared/quality/gate-settings.ts';
import { GateSettingsError, parseGateSettings } from '../../shared/quality/parse-gate-settings.ts';

/** Far more than any list of gates and phrases needs; a larger file is a wrong path. */
export const MAX_GATES_FILE_BYTES = 1024 * 1024;

/** Reads `--gates FILE`: a JSON object of gate settings (shared/quality/gate-settings.ts). */
export async function readGatesFile(path: string): Promise<GateSettings> {
  return parseGateSettings(await readText(path), path);
}

async function readText(path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new GateSettingsError('unreadable', `${path} is not a file. Give --gates the path of a JSON file of gate settings.`);
    if (info.size > MAX_GATES_FILE_BYTES) throw tooLarge(path, info.size);
    bytes = await readFile(path);
  } catch (error) {
    throw toGatesError(error, path);
  }
  // It may have grown since stat.
  if (bytes.length > MAX_GATES_FILE_BYTES) throw tooLarge(path, bytes.length);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new GateSettingsError('encoding', `${path} is not UTF-8 text. Save it as UTF-8 JSON and try again.`, { cause: error });
  }
}

function tooLarge(path: string, size: number): GateSettingsError {
  return new GateSettingsError('too_large', `${path} is ${size} bytes; a gates file can be at most ${MAX_GATES_FILE_BYTES} bytes. Check that --gates names the right file.`);
}

function toGatesError(error: unknown, path: string): GateSettingsError {
  if (error instanceof GateSettingsError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new GateSettingsError('not_found', `Gates file not found: ${path}. Check the path and try again.`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new GateSettingsError('unreadable', `No permission to read ${path}. Allow reading it and try again.`, { cause: error });
    default:
      return new GateSettingsError('unreadable', `Could not read ${path}: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
}
