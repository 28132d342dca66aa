// "Save as migration": the up and down scripts as the pair <version>_<name>.up.sql /
// .down.sql (golang-migrate naming, version = UTC time YYYYMMDDHHMMSS) in a connection's
// migrations folder, each written atomically — the down file first, so an up file never
// appears without its pair. The one place the schema diff writes migrations (the
// migrations module may later take this over).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import type { SavedMigration } from '../protocol/index.ts';

/** `<home>/migrations/<connection-id>/`. */
export const migrationsFolder = (home: string, connectionId: string): string => join(home, 'migrations', connectionId);

const versionOf = (time: Date): string => time.toISOString().replace(/[-:T]/g, '').slice(0, 14);

export function saveMigration(folder: string, name: string, up: string, down: string, now = new Date()): SavedMigration {
  const taken = new Set(existsSync(folder) ? readdirSync(folder).map((file) => file.split('_')[0]) : []);
  // Two saves in one second get consecutive versions rather than one overwriting the other.
  let time = now.getTime();
  while (taken.has(versionOf(new Date(time)))) time += 1000;
  const version = versionOf(new Date(time));
  const upFile = join(folder, `${version}_${name}.up.sql`);
  const downFile = join(folder, `${version}_${name}.down.sql`);
  writeFileAtomicSync(downFile, down.endsWith('\n') || down === '' ? down : `${down}\n`);
  writeFileAtomicSync(upFile, up.endsWith('\n') ? up : `${up}\n`);
  return { version, upFile, downFile };
}
