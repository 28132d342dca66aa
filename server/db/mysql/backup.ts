// MySQL / MariaDB backups are not built yet (mariadb-dump is next): the dialect offers no
// backup kinds, so the app shows none, and a request that reaches here anyway gets a clear
// error instead of a crash.
import type { EngineBackup } from '../../backups/engine.ts';
import { BadRequestError } from '../../errors.ts';

const notYet = (): never => {
  throw new BadRequestError('Backups of MySQL / MariaDB connections are not available in this build yet.');
};

export const mysqlBackup: EngineBackup<'mysql'> = {
  extension: '.sql.gz',
  backup: async () => notYet(),
  quickCheck: async () => notYet(),
  tableCount: async () => notYet(),
  restore: async () => notYet(),
  restoreAndMeasure: async () => notYet(),
  refusesRestore: () => 'Restoring into MySQL / MariaDB connections is not available in this build yet.',
  confirmationName: (target) => target.database,
};
