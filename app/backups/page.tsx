import { ComingSoon } from '../components/coming-soon.tsx';

export default function Page() {
  return <ComingSoon title="Backups" what="Full, schema-only or data-only backups, verified restores and schedules." />;
}
