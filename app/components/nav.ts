// The sections of the app, in sidebar order. `ready: false` sections say so on their page
// until their feature lands.
export interface NavItem {
  href: string;
  label: string;
  icon: string;
  ready: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/connections', label: 'Connections', icon: '⛁', ready: false },
  { href: '/sql', label: 'SQL', icon: '⌨', ready: false },
  { href: '/backups', label: 'Backups', icon: '⤓', ready: false },
  { href: '/migrations', label: 'Migrations', icon: '⇅', ready: false },
  { href: '/analytics', label: 'Analytics', icon: '◔', ready: false },
  { href: '/terminal', label: 'Terminal', icon: '▸', ready: true },
  { href: '/logs', label: 'Logs', icon: '☰', ready: true },
];
