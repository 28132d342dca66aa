// Preload of the main window (sandboxed, context-isolated): exposes the DesktopBridge and
// nothing else. Bundled to CommonJS, as sandboxed preloads cannot be ES modules.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC, VERSION_SWITCH, type DesktopBridge } from './bridge.ts';

const bridge: DesktopBridge = {
  version: process.argv.find((arg) => arg.startsWith(VERSION_SWITCH))?.slice(VERSION_SWITCH.length) ?? '',
  openLogsFolder: () => ipcRenderer.invoke(IPC.openLogsFolder),
  restartServer: () => ipcRenderer.invoke(IPC.restartServer),
};

contextBridge.exposeInMainWorld('dbToolkitDesktop', Object.freeze(bridge));
