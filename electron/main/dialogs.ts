import { dialog, shell } from 'electron';
import type { BrowserWindow, OpenDialogOptions } from 'electron';
import type { Dialogs } from '../app/dialogs.ts';
import { readTopicsText } from '../app/topics-file-text.ts';

/**
 * PacerApp's native dialogs. They are modal to the main window when there is one, so they cannot
 * end up behind it; the picked topics file is read here in main (size cap, encoding rules) and
 * only its name and text reach the renderer.
 */
export function createNativeDialogs(parent: () => BrowserWindow | undefined): Dialogs {
  const pick = async (options: OpenDialogOptions): Promise<string | null> => {
    const window = parent();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  return {
    chooseFolder: () => pick({ title: 'Choose a folder for the articles', properties: ['openDirectory', 'createDirectory'] }),
    async openTopicsFile() {
      const file = await pick({
        title: 'Open a topics file',
        properties: ['openFile'],
        filters: [
          { name: 'Topics (CSV, TSV, text)', extensions: ['csv', 'tsv', 'txt'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return file === null ? null : readTopicsText(file);
    },
    async openFolder(path) {
      const problem = await shell.openPath(path);
      if (problem !== '') throw new Error(`Could not open ${path}: ${problem}`);
    },
  };
}
