'use client';
// Sidebar navigation, the jobs indicator, the connection indicator and the theme picker
// around every page. The sidebar collapses to its icons (remembered in this browser), and
// does so by itself on narrow windows, so the page keeps its width.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { prestartLayoutWorker } from '../er-diagram/layout-client.ts';
import { NAV_ITEMS } from './nav.ts';
import { ConnectionIndicator } from './connection-indicator.tsx';
import { JobsIndicator } from './jobs-indicator.tsx';
import { ThemePicker } from './theme-picker.tsx';

const COLLAPSED_KEY = 'dbt-sidebar-collapsed';
/** Narrower than this, the sidebar shows icons only unless the user expanded it. */
const NARROW = '(max-width: 1100px)';

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  /** The user's choice; null: automatic (collapsed on a narrow window). */
  const [choice, setChoice] = useState<boolean | null>(null);
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const stored = localStorage.getItem(COLLAPSED_KEY);
    if (stored !== null) setChoice(stored === '1');
    const query = matchMedia(NARROW);
    const update = () => setNarrow(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  // The ER diagram's layout library takes a while to start: started once the app is idle, it is ready when a diagram opens.
  useEffect(prestartLayoutWorker, []);
  const collapsed = choice ?? narrow;
  function toggle() {
    localStorage.setItem(COLLAPSED_KEY, collapsed ? '0' : '1');
    setChoice(!collapsed);
  }
  return (
    <div className="shell" data-collapsed={collapsed || undefined}>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden>◆</span> <span className="brand-name">DB Toolkit</span>
          <button type="button" className="icon-button sidebar-toggle" onClick={toggle} aria-expanded={!collapsed}
            aria-label={collapsed ? 'Expand sidebar' : 'Collapse sidebar'} title={collapsed ? 'Expand sidebar' : 'Collapse sidebar'}>
            {collapsed ? '»' : '«'}
          </button>
        </div>
        <ul>
          {NAV_ITEMS.map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <li key={item.href}>
                <Link href={item.href} className={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined} title={item.label}>
                  <span className="nav-icon" aria-hidden>{item.icon}</span>
                  <span className="nav-label">{item.label}</span>
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="sidebar-footer">
          <JobsIndicator />
          <ConnectionIndicator />
          <ThemePicker compact={collapsed} />
        </div>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
