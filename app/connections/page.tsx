import { ComingSoon } from '../components/coming-soon.tsx';

export default function Page() {
  return <ComingSoon title="Connections" what="Save PostgreSQL, MySQL and SQLite connections (passwords encrypted at rest), test them, and browse their schemas." />;
}
