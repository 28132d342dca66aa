import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DataWorkspace } from './data-workspace.tsx';

export const metadata: Metadata = { title: 'Data — DB Toolkit' };

export default function DataPage() {
  return (
    <Suspense>
      <DataWorkspace />
    </Suspense>
  );
}
