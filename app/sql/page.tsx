import { ComingSoon } from '../components/coming-soon.tsx';

export default function Page() {
  return <ComingSoon title="SQL editor" what="Run SQL with autocomplete and stream huge results into a fast grid." />;
}
