import { MigrationsPage } from './migrations-page.tsx';

export default function Page() {
  return <MigrationsPage />;
}
