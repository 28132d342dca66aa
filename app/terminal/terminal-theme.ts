// xterm.js colours from the stylesheet's CSS variables (globals.css, light and dark), so
// the terminal follows the app's theme (System / Light / Dark) like the rest of the app.
import type { ITheme } from '@xterm/xterm';

const VARIABLES: [keyof ITheme, string][] = [
  ['background', '--term-bg'], ['foreground', '--term-fg'], ['cursor', '--term-cursor'], ['cursorAccent', '--term-bg'],
  ['selectionBackground', '--term-selection'],
  ['black', '--term-black'], ['red', '--term-red'], ['green', '--term-green'], ['yellow', '--term-yellow'],
  ['blue', '--term-blue'], ['magenta', '--term-magenta'], ['cyan', '--term-cyan'], ['white', '--term-white'],
  ['brightBlack', '--term-bright-black'], ['brightRed', '--term-bright-red'], ['brightGreen', '--term-bright-green'],
  ['brightYellow', '--term-bright-yellow'], ['brightBlue', '--term-bright-blue'], ['brightMagenta', '--term-bright-magenta'],
  ['brightCyan', '--term-bright-cyan'], ['brightWhite', '--term-bright-white'],
];

export function terminalTheme(): ITheme {
  const style = getComputedStyle(document.documentElement);
  const theme: Record<string, string> = {};
  for (const [key, variable] of VARIABLES) {
    const value = style.getPropertyValue(variable).trim();
    if (value) theme[key] = value;
  }
  return theme as ITheme;
}

export function terminalFont(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--mono').trim() || 'monospace';
}

/** Calls `listener` when the theme changes (<html data-theme>: the user's choice, or the OS's while on System). */
export function onColorSchemeChange(listener: () => void): () => void {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
