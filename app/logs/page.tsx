import type { Metadata } from 'next';
import { LogViewer } from './log-viewer.tsx';

export const metadata: Metadata = { title: 'Logs — DB Toolkit' };

export default function LogsPage() {
  return <LogViewer />;
}
