import type { Metadata } from 'next';
import { TerminalWorkspace } from './terminal-workspace.tsx';

export const metadata: Metadata = { title: 'Terminal — DB Toolkit' };

export default function TerminalPage() {
  return <TerminalWorkspace />;
}
