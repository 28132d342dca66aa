import type { Metadata } from 'next';
import { LogsPage } from './logs-page.tsx';

export const metadata: Metadata = { title: 'Logs — DB Toolkit' };

export default function Page() {
  return <LogsPage />;
}
