import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu, from Electron's roles only: they bring the platform's own labels,
 * shortcuts (Cmd/Ctrl+C, Cmd+Q, F11…) and behaviour. Pacer's own commands (new run, open topics
 * file, export, pause/resume) need contract events to reach the renderer and are added with them.
 * Reload and the developer tools are for development builds: a reload mid-run is harmless (the
 * page resyncs from a snapshot) but confusing.
 */
export function applicationMenuTemplate(platform: NodeJS.Platform, options: { readonly development: boolean }): MenuItemConstructorOptions[] {
  const development: MenuItemConstructorOptions[] = options.development
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [...development, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
