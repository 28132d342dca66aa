import { Suspense } from 'react';
import { SchemaDiffPage } from './schema-diff-page.tsx';

export default function Page() {
  return (
    <Suspense>
      <SchemaDiffPage />
    </Suspense>
  );
}
