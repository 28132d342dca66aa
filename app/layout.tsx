import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from './components/app-shell.tsx';
import { CommandPalette } from './components/command-palette/command-palette.tsx';
import './globals.css';

export const metadata: Metadata = {
  title: 'DB Toolkit',
  description: 'A fast, safe database workbench for SQLite, PostgreSQL and MySQL.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AppShell>{children}</AppShell>
        <CommandPalette />
      </body>
    </html>
  );
}
