// The sections of the app, in sidebar order.
export interface NavItem {
  href: string;
  label: string;
  icon: string;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/connections', label: 'Connections', icon: '⛁' },
  { href: '/sql', label: 'SQL', icon: '⌨' },
  { href: '/data', label: 'Data', icon: '▦' },
  { href: '/import', label: 'Import', icon: '⤒' },
  { href: '/backups', label: 'Backups', icon: '⤓' },
  { href: '/migrations', label: 'Migrations', icon: '⇅' },
  { href: '/schema-diff', label: 'Schema diff', icon: '⇄' },
  { href: '/er-diagram', label: 'ER diagram', icon: '⬚' },
  { href: '/analytics', label: 'Analytics', icon: '◔' },
  { href: '/terminal', label: 'Terminal', icon: '▸' },
  { href: '/logs', label: 'Logs', icon: '☰' },
];
