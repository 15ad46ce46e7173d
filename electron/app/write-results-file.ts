import { ExportError } from '../export/export-error.ts';
import { writeNewFile } from '../export/write-new-file.ts';

/** More than anyone exports one run to one folder; past it something is wrong with the folder. */
const MAX_SUFFIX = 1_000;

/**
 * Writes a run's results table as `pacer-<first 8 of the run id>-results.<ext>`, or `-2`, `-3`…
 * when that name is taken: atomically and never over an existing file (write-new-file.ts), so
 * exporting twice keeps both files. Returns the path written.
 */
export async function writeResultsFile(dir: string, runId: string, ext: 'csv' | 'jsonl', contents: string): Promise<string> {
  const base = `pacer-${runId.slice(0, 8)}-results`;
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = `${base}${n === 1 ? '' : `-${n}`}.${ext}`;
    try {
      return await writeNewFile(dir, name, contents);
    } catch (error) {
      if (!(error instanceof ExportError && error.code === 'exists')) throw error;
    }
  }
  throw new ExportError('exists', `${dir} already holds ${base}.${ext} through ${base}-${MAX_SUFFIX}.${ext}; export to another folder.`, dir);
}
