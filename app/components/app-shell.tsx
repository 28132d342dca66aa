'use client';
// Sidebar navigation, the jobs indicator and the connection indicator around every page.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { NAV_ITEMS } from './nav.ts';
import { ConnectionIndicator } from './connection-indicator.tsx';
import { JobsIndicator } from './jobs-indicator.tsx';

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden>◆</span> DB Toolkit
        </div>
        <ul>
          {NAV_ITEMS.map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <li key={item.href}>
                <Link href={item.href} className={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
                  <span className="nav-icon" aria-hidden>{item.icon}</span>
                  {item.label}
                  {!item.ready && <span className="nav-soon">soon</span>}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="sidebar-footer">
          <JobsIndicator />
          <ConnectionIndicator />
        </div>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
