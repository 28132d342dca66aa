'use client';
// The command palette (Ctrl/Cmd+K) and the keyboard shortcut list (Ctrl/Cmd+/), both read
// from the action registry (actions.ts), plus the one keydown listener that runs an
// action by its keys. Mounted once, around every page; pages register their own actions.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Dialog } from '../dialog.tsx';
import { NAV_ITEMS } from '../nav.ts';
import { currentActions, useActions, useRegisterActions, type Action } from './actions.ts';
import { fuzzyFilter } from './fuzzy.ts';
import { isMac, keyLabel, matchesKey } from './keys.ts';
import styles from './command-palette.module.css';

const LIMIT = 200;

export function CommandPalette() {
  const router = useRouter();
  const [open, setOpen] = useState<'palette' | 'shortcuts' | null>(null);

  useRegisterActions(() => [
    { id: 'app.palette', title: 'Command palette', group: 'General', keys: ['Mod+K'], run: () => setOpen((o) => (o === 'palette' ? null : 'palette')) },
    { id: 'app.shortcuts', title: 'Keyboard shortcuts', group: 'General', keys: ['Mod+/'], run: () => setOpen((o) => (o === 'shortcuts' ? null : 'shortcuts')) },
    ...NAV_ITEMS.map((item) => ({ id: `go.${item.href}`, title: `Go to ${item.label}`, group: 'Go to', run: () => router.push(item.href) })),
  ], '');

  // One listener for every action's keys; capture, so the editor's own keymap does not take them first.
  useEffect(() => {
    const mac = isMac();
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const modal = document.querySelector('dialog[open]:not([data-palette])');
      for (const action of currentActions()) {
        if (!action.keys?.some((k) => matchesKey(k, e, mac))) continue;
        if (modal && !action.id.startsWith('app.')) return; // a question is open: answer it first
        e.preventDefault();
        e.stopPropagation();
        if (!action.disabled) action.run();
        return;
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  if (open === 'palette') return <Palette onClose={() => setOpen(null)} />;
  if (open === 'shortcuts') return <Shortcuts onClose={() => setOpen(null)} />;
  return null;
}

function Palette({ onClose }: { onClose(): void }) {
  const actions = useActions();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const mac = isMac();
  const shown = fuzzyFilter(actions.filter((a) => a.id !== 'app.palette'), query, (a) => `${a.group}: ${a.title}`).slice(0, LIMIT);
  const at = Math.min(active, shown.length - 1);

  const runAt = (index: number) => {
    const action = shown[index];
    if (!action || action.disabled) return;
    onClose();
    // After the dialog closed and gave the focus back: the action may move it (new tab, editor).
    setTimeout(() => action.run(), 0);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const move = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
    if (move !== undefined) setActive(Math.max(0, Math.min(shown.length - 1, at + move)));
    else if (e.key === 'Home' && e.ctrlKey) setActive(0);
    else if (e.key === 'End' && e.ctrlKey) setActive(shown.length - 1);
    else if (e.key === 'Enter') runAt(at);
    else return;
    e.preventDefault();
  };

  useEffect(() => {
    document.getElementById(`palette-option-${at}`)?.scrollIntoView({ block: 'nearest' });
  }, [at]);

  return (
    <Dialog open title="Command palette" onClose={onClose} wide data-palette>
      <div className={styles.palette}>
        <input data-autofocus role="combobox" aria-expanded aria-controls="palette-list" aria-autocomplete="list" aria-label="Type a command"
          aria-activedescendant={shown.length ? `palette-option-${at}` : undefined} placeholder="Type a command, a page or a table…"
          value={query} onChange={(e) => (setQuery(e.target.value), setActive(0))} onKeyDown={onKeyDown} />
        <ul id="palette-list" role="listbox" aria-label="Commands">
          {shown.map((action, i) => (
            <li key={action.id} id={`palette-option-${i}`} role="option" aria-selected={i === at} aria-disabled={action.disabled || undefined}
              onClick={() => runAt(i)} onMouseMove={() => i !== at && setActive(i)}>
              <span className={styles.group}>{action.group}</span>
              <span className={styles.title}>{action.title}</span>
              {action.keys?.[0] && <kbd>{keyLabel(action.keys[0], mac)}</kbd>}
            </li>
          ))}
          {!shown.length && <li className="muted" role="option" aria-selected={false} aria-disabled>No command matches.</li>}
        </ul>
      </div>
    </Dialog>
  );
}

function Shortcuts({ onClose }: { onClose(): void }) {
  const mac = isMac();
  const groups = new Map<string, Action[]>();
  for (const action of useActions()) if (action.keys?.length && !action.paletteOnly) groups.set(action.group, [...(groups.get(action.group) ?? []), action]);
  return (
    <Dialog open title="Keyboard shortcuts" onClose={onClose} wide data-palette>
      <div className={styles.shortcuts} tabIndex={0} aria-label="Shortcut list">
        {[...groups].map(([group, actions]) => (
          <section key={group}>
            <h3>{group}</h3>
            <dl>
              {actions.map((a) => (
                <div key={a.id}>
                  <dt>{a.title}</dt>
                  <dd>{a.keys!.map((k) => <kbd key={k}>{keyLabel(k, mac)}</kbd>)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <p className="muted small">Also: in the explorer, arrows, Home/End, Enter and typing a name; Shift+F10 or the context-menu key for a menu. In the results grid, arrows, Shift+arrows, Ctrl+C.</p>
      </div>
    </Dialog>
  );
}
