import { Suspense } from 'react';
import { ErDiagramPage } from './er-diagram-page.tsx';

export default function Page() {
  return (
    <Suspense>
      <ErDiagramPage />
    </Suspense>
  );
}
