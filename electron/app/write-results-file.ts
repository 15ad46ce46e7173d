import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportedFile } from '../../shared/ipc/contract.ts';
import { ExportError } from '../export/export-error.ts';
import { writeNewFile } from '../export/write-new-file.ts';

/** More than anyone exports one run to one folder; past it something is wrong with the folder. */
const MAX_SUFFIX = 1_000;

/**
 * Writes a run's results table as `pacer-<first 8 of the run id>-results.<ext>`, or `-2`, `-3`…
 * when that name is taken: atomically and never over an existing file (write-new-file.ts). A
 * name already holding exactly these contents is the same export again: nothing is written and
 * that file is answered (`unchanged`), so exporting twice does not pile up identical copies.
 */
export async function writeResultsFile(dir: string, runId: string, ext: 'csv' | 'jsonl', contents: string): Promise<ExportedFile> {
  const base = `pacer-${runId.slice(0, 8)}-results`;
  const size = Buffer.byteLength(contents, 'utf8');
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = `${base}${n === 1 ? '' : `-${n}`}.${ext}`;
    try {
      return { path: await writeNewFile(dir, name, contents), unchanged: false };
    } catch (error) {
      if (!(error instanceof ExportError && error.code === 'exists')) throw error;
    }
    if (await holds(join(dir, name), contents, size)) return { path: join(dir, name), unchanged: true };
  }
  throw new ExportError('exists', `${dir} already holds ${base}.${ext} through ${base}-${MAX_SUFFIX}.${ext}; export to another folder.`, dir);
}

async function holds(file: string, contents: string, size: number): Promise<boolean> {
  try {
    // The size first: a results file can be large, and most that differ differ in length.
    return (await stat(file)).size === size && (await readFile(file, 'utf8')) === contents;
  } catch {
    return false; // gone, or unreadable: not ours to compare
  }
}
