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

  it("has the platform's standard menus, with the app menu first on macOS only", () => {
    expect(roles(applicationMenuTemplate('darwin', { development: false, send }))).toEqual(['appMenu', 'File', 'editMenu', 'View', 'Run', 'windowMenu']);
    expect(roles(applicationMenuTemplate('linux', { development: false, send }))).toEqual(['File', 'editMenu', 'View', 'Run', 'windowMenu']);
    expect(roles(applicationMenuTemplate('win32', { development: false, send }))).toEqual(['File', 'editMenu', 'View', 'Run', 'windowMenu']);
  });

  it('offers reload and the developer tools in development only', () => {
    expect(viewRoles(applicationMenuTemplate('linux', { development: false, send }))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(viewRoles(applicationMenuTemplate('linux', { development: true, send }))).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });
});
