import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../electron/store/default-data-dir.ts';

describe('defaultDataDir', () => {
  it('uses $PACER_DATA_DIR on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(defaultDataDir({ PACER_DATA_DIR: '/data/pacer', XDG_DATA_HOME: '/xdg', APPDATA: 'C:\\AppData' }, platform, '/home/ann')).toBe('/data/pacer');
    }
  });

  it('ignores an empty $PACER_DATA_DIR', () => {
    expect(defaultDataDir({ PACER_DATA_DIR: ' ' }, 'linux', '/home/ann')).toBe('/home/ann/.local/share/pacer');
  });

  it('follows XDG on Linux: $XDG_DATA_HOME/pacer, else ~/.local/share/pacer', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/srv/xdg' }, 'linux', '/home/ann')).toBe('/srv/xdg/pacer');
    expect(defaultDataDir({}, 'linux', '/home/ann')).toBe('/home/ann/.local/share/pacer');
    // The XDG spec: a relative path is invalid and ignored.
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative/xdg' }, 'linux', '/home/ann')).toBe('/home/ann/.local/share/pacer');
  });

  it('uses Application Support on macOS, whatever XDG says', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/srv/xdg' }, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/Pacer');
  });

  it('uses %APPDATA%\\Pacer on Windows, else the roaming folder under the home folder', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\Pacer');
    expect(defaultDataDir({}, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\Pacer');
  });

  it('treats other Unix systems like Linux', () => {
    expect(defaultDataDir({}, 'freebsd', '/home/ann')).toBe('/home/ann/.local/share/pacer');
  });
});
