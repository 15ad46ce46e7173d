import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FolderGrant, FolderListing } from '../../shared/ipc/contract.ts';
import { MAX_LISTED_FOLDERS } from '../../shared/ipc/contract.ts';
import { ExportError } from '../export/export-error.ts';
import { boundedCalls, checkExportFolder, requireAbsoluteFolder } from '../export/prepare-folder.ts';
import { AppError } from './app-error.ts';
import type { AppContext, CallHandlers } from './app-context.ts';
import { requireRun } from './app-context.ts';
import { defaultExportFolder, pacerFolder } from './default-folder.ts';

type FolderCalls = Pick<CallHandlers, 'folder.browse' | 'folder.default' | 'dialog.chooseFolder' | 'run.openFolder'>;

/**
 * Choosing a folder, always through main (folder-grants.ts): the native dialog in the desktop
 * app, a folder browser served by main in the web host (whose page cannot see the disk), and the
 * default Documents/Pacer/<run name>.
 */
export function folderCalls(context: AppContext): FolderCalls {
  const { folders, dialogs, home } = context;
  return {
    'dialog.chooseFolder': async () => {
      if (!dialogs) return { supported: false, folder: null };
      const chosen = await dialogs.chooseFolder();
      return { supported: true, folder: chosen === null ? null : folders.grant(chosen) };
    },
    'run.openFolder': async ({ runId }) => {
      const run = requireRun(context, runId);
      if (!dialogs) return { supported: false };
      if (run.outDir === null) throw new AppError('no_folder', `Run "${run.name}" has no output folder: export it first, then open the folder the export names.`);
      await dialogs.openFolder(run.outDir);
      return { supported: true };
    },
    'folder.default': async ({ runId, runName }) => {
      const run = runId === undefined ? undefined : requireRun(context, runId);
      if (run?.outDir) return folders.grant(run.outDir);
      return folders.grant(defaultExportFolder(home, runName ?? run?.name ?? 'Pacer run'));
    },
    'folder.browse': async ({ handle, path: typed, runName }) => {
      if (context.transport !== 'web') {
        throw new AppError('unsupported', 'The desktop app chooses folders with the system dialog: use Choose….');
      }
      let target: string;
      if (handle !== undefined) target = folders.path(handle);
      else if (typed !== undefined) {
        requireAbsoluteFolder(typed);
        target = path.resolve(typed);
      } else target = defaultExportFolder(home, runName ?? 'Pacer run');
      return listFolder(context, target, runName);
    },
  };
}

const bounded = boundedCalls({});

async function listFolder(context: AppContext, target: string, runName: string | undefined): Promise<FolderListing> {
  const { folders, home } = context;
  const checked = await checkExportFolder(target).then(
    (folder) => ({ folder, problem: null }),
    (error: unknown) => {
      if (error instanceof ExportError) return { folder: undefined, problem: error.message };
      throw error;
    },
  );
  const { problem } = checked;
  // A folder that passed the check exists when nothing of it is missing; one that did not may
  // still exist (e.g. read-only) and be worth browsing through.
  const exists = checked.folder
    ? checked.folder.missing.length === 0
    : await bounded(`look at ${target}`, () => stat(target)).then(
        (info) => info.isDirectory(),
        () => false,
      );
  const children: FolderGrant[] = [];
  if (exists) {
    const entries = await bounded(`list ${target}`, () => readdir(target, { withFileTypes: true })).catch(() => []);
    const names = entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b))
      .slice(0, MAX_LISTED_FOLDERS);
    for (const name of names) children.push(folders.grant(path.join(target, name)));
  }
  const parentPath = path.dirname(target);
  const places = [
    { label: 'Home', folder: folders.grant(home) },
    { label: 'Pacer folder', folder: folders.grant(pacerFolder(home)) },
    ...(runName === undefined ? [] : [{ label: 'Default for this run', folder: folders.grant(defaultExportFolder(home, runName)) }]),
  ];
  return { folder: folders.grant(target), exists, parent: parentPath === target ? null : folders.grant(parentPath), children, problem, places };
}
