// Preload of the splash window: shows the status lines the main process sends. It exposes
// nothing to the page (which has no script at all); it writes into the DOM directly.
import { ipcRenderer } from 'electron';
import { SPLASH_STATUS } from './splash-channel.ts';

let latest = '';
function show(): void {
  const element = document.getElementById('status');
  if (element) element.textContent = latest;
}
ipcRenderer.on(SPLASH_STATUS, (_event, text: unknown) => {
  latest = String(text);
  show();
});
window.addEventListener('DOMContentLoaded', show);
