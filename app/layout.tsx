import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { THEME_BOOT_SCRIPT } from '../server/protocol/index.ts';
import { AppShell } from './components/app-shell.tsx';
import { CommandPalette } from './components/command-palette/command-palette.tsx';
import './globals.css';

export const metadata: Metadata = {
  title: 'DB Toolkit',
  description: 'A fast, safe database workbench for SQLite, PostgreSQL and MySQL.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // data-theme is set by the boot script before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <AppShell>{children}</AppShell>
        <CommandPalette />
      </body>
    </html>
  );
}
