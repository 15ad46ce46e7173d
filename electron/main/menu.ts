import { app, Menu } from 'electron';
import type { MenuCommand } from '../../shared/ipc/contract.ts';
import { applicationMenuTemplate } from './menu-template.ts';

export function installApplicationMenu(send: (command: MenuCommand) => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(process.platform, { development: !app.isPackaged, send })));
}
