import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FolderGrant } from '../../shared/ipc/contract.ts';
import { AppError } from './app-error.ts';

/**
 * The folders main has handed out this session, by opaque handle. The renderer may only name a
 * folder to write to by one of these, so a compromised page cannot have main write wherever it
 * likes: every folder it can use came from a native dialog, the web host's folder browser, a
 * default main chose, or the saved settings main itself read. Handles die with the process.
 */
export class FolderGrants {
  private readonly byHandle = new Map<string, string>();
  private readonly byPath = new Map<string, string>();

  /** The grant for an absolute path (the same handle each time for the same folder). */
  grant(folder: string): FolderGrant {
    if (!path.isAbsolute(folder)) throw new Error(`FolderGrants.grant needs an absolute path, got ${JSON.stringify(folder)}`);
    const resolved = path.resolve(folder);
    let handle = this.byPath.get(resolved);
    if (handle === undefined) {
      handle = `folder-${randomBytes(16).toString('hex')}`;
      this.byHandle.set(handle, resolved);
      this.byPath.set(resolved, handle);
    }
    return { handle, path: resolved };
  }

  /** The path behind a handle; StoreError 'folder_unknown' for one this session never handed out. */
  path(handle: string): string {
    const folder = this.byHandle.get(handle);
    if (folder === undefined) {
      throw new AppError('folder_unknown', 'That folder was chosen before Pacer restarted (or never in Pacer): choose it again with Choose….');
    }
    return folder;
  }
}
