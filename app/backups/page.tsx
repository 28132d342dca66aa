import { BackupsPage } from './backups-page.tsx';

export default function Page() {
  return <BackupsPage />;
}
