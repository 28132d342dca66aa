import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ImportPage } from './import-page.tsx';

export const metadata: Metadata = { title: 'Import — DB Toolkit' };

export default function Page() {
  return (
    <Suspense>
      <ImportPage />
    </Suspense>
  );
}
