import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate } from '../../../electron/main/menu-template.ts';

const roles = (items: readonly MenuItemConstructorOptions[]) => items.map((item) => item.role ?? item.label);
const viewRoles = (items: readonly MenuItemConstructorOptions[]) =>
  (items.find((item) => item.label === 'View')?.submenu as MenuItemConstructorOptions[]).filter((item) => item.role).map((item) => item.role);

const sent: string[] = [];
const send = (command: string) => sent.push(command);

describe('applicationMenuTemplate', () => {
  it("sends Pacer's own commands to the renderer, with their shortcuts", () => {
    const file = applicationMenuTemplate('linux', { development: false, send }).find((item) => item.label === 'File')!;
    const items = (file.submenu as MenuItemConstructorOptions[]).filter((item) => item.label);
    expect(items.map((item) => [item.label, item.accelerator])).toEqual([
      ['New Run', 'CmdOrCtrl+N'],
      ['Open Topics File…', 'CmdOrCtrl+O'],
      ['Export Articles…', 'CmdOrCtrl+E'],
    ]);
    sent.length = 0;
    for (const item of items) (item.click as () => void)();
    expect(sent).toEqual(['run.new', 'topics.open', 'export']);
  });

  it('lists the run shortcuts in the Run menu and the whole list under Help', () => {
    const template = applicationMenuTemplate('linux', { development: false, send });
    const run = template.find((item) => item.label === 'Run')!.submenu as MenuItemConstructorOptions[];
    expect(run.map((item) => [item.label, item.accelerator])).toEqual([
      ['Start Run', 'CmdOrCtrl+Enter'],
      ['Pause / Resume', 'CmdOrCtrl+Shift+P'],
    ]);
    const help = template.find((item) => item.role === 'help')!.submenu as MenuItemConstructorOptions[];
    expect(help.map((item) => [item.label, item.accelerator])).toEqual([['Keyboard Shortcuts (?)', undefined]]);
    sent.length = 0;
    for (const item of [...run, ...help]) (item.click as () => void)();
    expect(sent).toEqual(['run.start', 'run.togglePause', 'help.shortcuts']);
  });

  it("has the platform's standard menus, with the app menu first on macOS only", () => {
    expect(roles(applicationMenuTemplate('darwin', { development: false, send }))).toEqual(['appMenu', 'File', 'editMenu', 'View', 'Run', 'windowMenu', 'help']);
    expect(roles(applicationMenuTemplate('linux', { development: false, send }))).toEqual(['File', 'editMenu', 'View', 'Run', 'windowMenu', 'help']);
    expect(roles(applicationMenuTemplate('win32', { development: false, send }))).toEqual(['File', 'editMenu', 'View', 'Run', 'windowMenu', 'help']);
  });

  it('offers reload and the developer tools in development only', () => {
    expect(viewRoles(applicationMenuTemplate('linux', { development: false, send }))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(viewRoles(applicationMenuTemplate('linux', { development: true, send }))).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });
});
