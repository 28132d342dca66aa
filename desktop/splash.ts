// The small window shown while the server starts: the app's icon, a progress bar and one
// status line. A static page with its own narrow preload; nothing from the network.
import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { SPLASH_STATUS } from './splash-channel.ts';

export interface Splash {
  window: BrowserWindow;
  status(text: string): void;
  close(): void;
}

/** `appDir` holds splash.html and splash-preload.cjs (dist/desktop/app, or app.asar). */
export function openSplash(appDir: string, icon: string): Splash {
  const window = new BrowserWindow({
    width: 420,
    height: 280,
    frame: false,
    resizable: false,
    maximizable: false,
    fullscreenable: false,
    show: false,
    center: true,
    backgroundColor: '#101522',
    icon,
    title: 'DB Toolkit',
    webPreferences: {
      preload: join(appDir, 'splash-preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void window.loadFile(join(appDir, 'splash.html'));
  return {
    window,
    status: (text) => {
      if (!window.isDestroyed()) window.webContents.send(SPLASH_STATUS, text);
    },
    close: () => {
      if (!window.isDestroyed()) window.destroy();
    },
  };
}
