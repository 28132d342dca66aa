// The sections of the app, in sidebar order. Sections whose feature has not landed yet
// (`ready: false`) are marked "soon" in the sidebar and say so on their page.
export interface NavItem {
  href: string;
  label: string;
  icon: string;
  ready: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/connections', label: 'Connections', icon: '⛁', ready: true },
  { href: '/sql', label: 'SQL', icon: '⌨', ready: true },
  { href: '/data', label: 'Data', icon: '▦', ready: true },
  { href: '/import', label: 'Import', icon: '⤒', ready: true },
  { href: '/backups', label: 'Backups', icon: '⤓', ready: true },
  { href: '/migrations', label: 'Migrations', icon: '⇅', ready: true },
  { href: '/schema-diff', label: 'Schema diff', icon: '⇄', ready: true },
  { href: '/er-diagram', label: 'ER diagram', icon: '⬚', ready: true },
  { href: '/analytics', label: 'Analytics', icon: '◔', ready: true },
  { href: '/terminal', label: 'Terminal', icon: '▸', ready: true },
  { href: '/logs', label: 'Logs', icon: '☰', ready: true },
];
