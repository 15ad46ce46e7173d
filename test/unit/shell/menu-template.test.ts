import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate } from '../../../electron/main/menu-template.ts';

const roles = (items: readonly MenuItemConstructorOptions[]) => items.map((item) => item.role ?? item.label);
const viewRoles = (items: readonly MenuItemConstructorOptions[]) =>
  (items.find((item) => item.label === 'View')?.submenu as MenuItemConstructorOptions[]).filter((item) => item.role).map((item) => item.role);

describe('applicationMenuTemplate', () => {
  it("has the platform's standard menus, with the app menu first on macOS only", () => {
    expect(roles(applicationMenuTemplate('darwin', { development: false }))).toEqual(['appMenu', 'fileMenu', 'editMenu', 'View', 'windowMenu']);
    expect(roles(applicationMenuTemplate('linux', { development: false }))).toEqual(['fileMenu', 'editMenu', 'View', 'windowMenu']);
    expect(roles(applicationMenuTemplate('win32', { development: false }))).toEqual(['fileMenu', 'editMenu', 'View', 'windowMenu']);
  });

  it('offers reload and the developer tools in development only', () => {
    expect(viewRoles(applicationMenuTemplate('linux', { development: false }))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(viewRoles(applicationMenuTemplate('linux', { development: true }))).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });
});
