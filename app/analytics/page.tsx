import { ComingSoon } from '../components/coming-soon.tsx';

export default function Page() {
  return <ComingSoon title="Analytics" what="Live connections, running and blocked queries, and charts over time." />;
}
