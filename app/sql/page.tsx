import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Workbench } from './workbench.tsx';

export const metadata: Metadata = { title: 'SQL — DB Toolkit' };

export default function SqlPage() {
  return (
    <Suspense>
      <Workbench />
    </Suspense>
  );
}
