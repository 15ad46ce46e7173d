import { basename } from 'node:path';
import { TOPICS_FILE } from '../input/read-topics-file.ts';
import { readUserTextFile } from '../input/read-user-text-file.ts';

/**
 * A topics file the user picked in a native dialog, as the text the renderer parses (it owns the
 * column choice and the preview). Dialogs implementations call this so that size limits and the
 * encoding rules are the CLI's (read-user-text-file.ts), and every failure is an InputError the UI can show.
 */
export async function readTopicsText(path: string): Promise<{ name: string; text: string }> {
  return { name: basename(path), text: await readUserTextFile(path, TOPICS_FILE) };
}
