import { existsSync } from 'node:fs';
import path from 'node:path';
import { folderNameFor } from '../export/file-names.ts';

/**
 * Where a run's articles go when the user has not said: `<home>/Documents/Pacer/<run name>`, or
 * `<home>/Pacer/<run name>` where there is no Documents folder (a server, a minimal container).
 */
export function defaultExportFolder(home: string, runName: string): string {
  return path.join(pacerFolder(home), folderNameFor(runName));
}

/** `<home>/Documents/Pacer`, or `<home>/Pacer` without Documents. */
export function pacerFolder(home: string): string {
  const documents = path.join(home, 'Documents');
  return path.join(existsSync(documents) ? documents : home, 'Pacer');
}
