// The main-process side of the DesktopBridge. Every handler checks that the call comes
// from the main window's top frame showing the server — not from an iframe or a page the
// window was somehow made to show.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC } from './bridge.ts';
import { isSameOrigin } from './navigation.ts';

export interface BridgeHandlers {
  window: () => BrowserWindow | undefined;
  origin: () => string;
  openLogsFolder(): Promise<void>;
  restartServer(): Promise<void>;
}

export function handleBridge(handlers: BridgeHandlers): void {
  const trusted = (event: IpcMainInvokeEvent) => {
    const window = handlers.window();
    const frame = event.senderFrame;
    return Boolean(window && event.sender === window.webContents && frame && frame === event.sender.mainFrame && isSameOrigin(frame.url, handlers.origin()));
  };
  const guard = (run: () => Promise<void>) => async (event: IpcMainInvokeEvent) => {
    if (!trusted(event)) throw new Error('Not allowed from this page.');
    await run();
  };
  ipcMain.handle(IPC.openLogsFolder, guard(handlers.openLogsFolder));
  ipcMain.handle(IPC.restartServer, guard(handlers.restartServer));
}
