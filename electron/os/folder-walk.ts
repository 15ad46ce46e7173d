import path from 'node:path';

/** Where a folder path meets the disk: its nearest existing level, and the levels to create below it. */
export interface FolderWalk {
  /** The folder itself, or the nearest level above it that exists (a root that does not: that root). */
  readonly existing: string;
  /** The levels that do not exist yet, outermost first: created one at a time, never recursively. */
  readonly missing: readonly string[];
}

/**
 * Looks at each level of `target` (absolute), itself first, then upwards: `exists` says whether a
 * level is there as a folder (false: missing), and throws for anything else it finds (a file, no
 * permission). One walk for the data folder (synchronous, at open) and the export folder (async,
 * each call bounded): Node's recursive mkdir spins forever on /proc/x, so the levels are counted
 * here, bounded by the path's depth.
 */
export function walkToExistingSync(target: string, exists: (level: string) => boolean): FolderWalk {
  const walk = levels(target);
  let step = walk.next();
  while (!step.done) step = walk.next(exists(step.value));
  return step.value;
}

export async function walkToExisting(target: string, exists: (level: string) => Promise<boolean>): Promise<FolderWalk> {
  const walk = levels(target);
  let step = walk.next();
  while (!step.done) step = walk.next(await exists(step.value));
  return step.value;
}

/** Yields each level to look at and is told whether it exists; the walk's logic, without its I/O. */
function* levels(target: string): Generator<string, FolderWalk, boolean> {
  const missing: string[] = [];
  let level = target;
  while (!(yield level)) {
    const parent = path.dirname(level);
    if (parent === level) break;
    missing.unshift(level);
    level = parent;
  }
  return { existing: level, missing };
}
