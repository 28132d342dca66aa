// Key bindings written once as text ("Mod+K", "Shift+Alt+F", "Ctrl+PageDown"): matched
// against keyboard events and shown to users in the platform's words. `Mod` is Cmd on a
// Mac, Ctrl elsewhere. Letters and digits match by physical key (event.code), so Alt+T
// works on a Mac too, where Alt changes the character typed.

export interface KeyEventLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

interface Parsed {
  ctrl: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
  key: string;
}

function parse(binding: string, mac: boolean): Parsed {
  const parts = binding.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return {
    ctrl: mods.has('ctrl') || (!mac && mods.has('mod')),
    meta: mods.has('meta') || (mac && mods.has('mod')),
    alt: mods.has('alt'),
    shift: mods.has('shift'),
    key,
  };
}

export function matchesKey(binding: string, event: KeyEventLike, mac: boolean): boolean {
  const b = parse(binding, mac);
  if (b.ctrl !== event.ctrlKey || b.meta !== event.metaKey || b.alt !== event.altKey || b.shift !== event.shiftKey) return false;
  if (/^[a-z]$/i.test(b.key)) return event.code === `Key${b.key.toUpperCase()}`;
  if (/^[0-9]$/.test(b.key)) return event.code === `Digit${b.key}`;
  if (b.key === '/') return event.key === '/' || event.code === 'Slash';
  return event.key === b.key;
}

const MAC_SYMBOLS: Record<string, string> = { ctrl: '⌃', meta: '⌘', alt: '⌥', shift: '⇧' };

/** The binding as the platform writes it: "Ctrl+Shift+Enter", or "⇧⌘Enter" on a Mac. */
export function keyLabel(binding: string, mac: boolean): string {
  const b = parse(binding, mac);
  const key = { PageDown: 'PageDown', PageUp: 'PageUp' }[b.key] ?? (b.key.length === 1 ? b.key.toUpperCase() : b.key);
  if (mac) return `${b.ctrl ? MAC_SYMBOLS.ctrl : ''}${b.alt ? MAC_SYMBOLS.alt : ''}${b.shift ? MAC_SYMBOLS.shift : ''}${b.meta ? MAC_SYMBOLS.meta : ''}${key}`;
  return [b.ctrl && 'Ctrl', b.meta && 'Meta', b.alt && 'Alt', b.shift && 'Shift', key].filter(Boolean).join('+');
}

export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
