import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc/contract.ts';

/**
 * The application menu. Pacer's own commands (new run, open topics file, export, start, pause/resume,
 * the shortcuts list) go to the renderer as `menu.command` events; everything else comes from Electron's roles, which
 * bring the platform's own labels, shortcuts (Cmd/Ctrl+C, Cmd+Q, F11…) and behaviour. Reload and
 * the developer tools are for development builds: a reload mid-run is harmless (the page resyncs
 * from a snapshot) but confusing.
 */
export function applicationMenuTemplate(
  platform: NodeJS.Platform,
  options: { readonly development: boolean; readonly send: (command: MenuCommand) => void },
): MenuItemConstructorOptions[] {
  const command = (label: string, accelerator: string | undefined, name: MenuCommand): MenuItemConstructorOptions => ({
    label,
    ...(accelerator !== undefined && { accelerator }),
    click: () => options.send(name),
  });
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      command('New Run', 'CmdOrCtrl+N', 'run.new'),
      command('Open Topics File…', 'CmdOrCtrl+O', 'topics.open'),
      command('Export Articles…', 'CmdOrCtrl+E', 'export'),
      { type: 'separator' },
      { role: platform === 'darwin' ? 'close' : 'quit' },
    ],
  };
  const run: MenuItemConstructorOptions = {
    label: 'Run',
    submenu: [command('Start Run', 'CmdOrCtrl+Enter', 'run.start'), command('Pause / Resume', 'CmdOrCtrl+Shift+P', 'run.togglePause')],
  };
  // `?` itself is the renderer's (a menu accelerator would fire inside text fields too).
  const help: MenuItemConstructorOptions = { role: 'help', submenu: [command('Keyboard Shortcuts (?)', undefined, 'help.shortcuts')] };
  const development: MenuItemConstructorOptions[] = options.development
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [...development, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu' },
    view,
    run,
    { role: 'windowMenu' },
    help,
  ];
}
