// The application menu: the standard Edit/Window menus (needed for copy and paste on
// macOS), zoom, and the shell's own actions. Reload and developer tools only in
// development: a reload would drop unsaved editor text.
import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { HOMEPAGE, PRODUCT_NAME } from './product.ts';

export interface MenuActions {
  restartServer(): void;
  openLogsFolder(): void;
  dev: boolean;
}

export function installMenu(actions: MenuActions): void {
  const mac = process.platform === 'darwin';
  const serverItems: MenuItemConstructorOptions[] = [
    { label: 'Restart Server', click: () => actions.restartServer() },
    { label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
  ];
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [...serverItems, { type: 'separator' }, mac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(actions.dev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: `${PRODUCT_NAME} Website`, click: () => void shell.openExternal(HOMEPAGE) },
        ...(mac ? [] : [{ type: 'separator' as const }, { label: `About ${PRODUCT_NAME}`, click: () => app.showAboutPanel() }]),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
