import { ComingSoon } from '../components/coming-soon.tsx';

export default function Page() {
  return <ComingSoon title="Terminal" what="A real shell in the browser, with psql or sqlite3 opened for the current connection." />;
}
