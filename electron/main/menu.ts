import { app, Menu } from 'electron';
import { applicationMenuTemplate } from './menu-template.ts';

export function installApplicationMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(process.platform, { development: !app.isPackaged })));
}
