// Light and dark: what the app and the server's lock page share. The choice (System, Light,
// Dark) is kept in the browser's localStorage; a tiny script run before the first paint sets
// <html data-theme="light|dark"> from it (System: from prefers-color-scheme, followed as the
// OS switches), and globals.css picks the colours from that attribute. Isomorphic.
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'dbt-theme';

/** Inline in <head>, before any paint. Also re-applies when the OS scheme changes. */
export const THEME_BOOT_SCRIPT = `(function(){try{var k=${JSON.stringify(THEME_STORAGE_KEY)},m=matchMedia('(prefers-color-scheme: dark)');function a(){var c=localStorage.getItem(k);document.documentElement.dataset.theme=c==='light'||c==='dark'?c:(m.matches?'dark':'light')}a();m.addEventListener('change',a);window.addEventListener('storage',function(e){if(e.key===k)a()})}catch(e){}})();`;

export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): Theme {
  return choice === 'system' ? (prefersDark ? 'dark' : 'light') : choice;
}
