import { ComingSoon } from '../components/coming-soon.tsx';

export default function Page() {
  return <ComingSoon title="Migrations" what="Numbered up/down SQL migrations with history, dry runs and rollbacks." />;
}
