import { AnalyticsPage } from './analytics-page.tsx';

export default function Page() {
  return <AnalyticsPage />;
}
