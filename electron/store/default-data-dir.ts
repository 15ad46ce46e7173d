import os from 'node:os';
import path from 'node:path';

/**
 * Where Pacer keeps its run store when nobody says otherwise: `$PACER_DATA_DIR`, else each
 * platform's per-user application-data folder. Pure given its arguments (no file system, no cwd),
 * so every platform's rule is testable on any machine; paths are joined with that platform's
 * separator, not the host's.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const override = env.PACER_DATA_DIR?.trim();
  if (override) return override;
  switch (platform) {
    case 'win32':
      return path.win32.join(env.APPDATA?.trim() || path.win32.join(home, 'AppData', 'Roaming'), 'Pacer');
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', 'Pacer');
    default:
      return path.posix.join(xdgDataHome(env, home), 'pacer');
  }
}

/** The XDG spec says a relative $XDG_DATA_HOME is invalid and must be ignored. */
function xdgDataHome(env: NodeJS.ProcessEnv, home: string): string {
  const value = env.XDG_DATA_HOME?.trim();
  return value && path.posix.isAbsolute(value) ? value : path.posix.join(home, '.local', 'share');
}
