// Which pg_dump / pg_restore to run: one whose major version is at least the server's (an
// older pg_dump refuses a newer server). Debian keeps each installed version in
// /usr/lib/postgresql/<major>/bin; PATH may hold another. The oldest sufficient one is
// chosen — the closest match to the server.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ToolMissingError } from '../../backups/dump-tool-fallback.ts';
import { childEnvironment } from '../../lifecycle/child-environment.ts';
import { isExecutableFile } from '../../terminal/environment.ts';

export interface DumpTool {
  path: string;
  major: number;
  /** As the tool prints it, e.g. "pg_dump (PostgreSQL) 15.18". */
  version: string;
}

export interface ToolSearch {
  libDir?: string;
  path?: string;
}

export function findDumpTool(name: 'pg_dump' | 'pg_restore', serverMajor: number, search: ToolSearch = {}): DumpTool {
  const libDir = search.libDir ?? '/usr/lib/postgresql';
  const candidates = new Set<string>();
  try {
    for (const v of readdirSync(libDir)) if (/^\d+$/.test(v)) candidates.add(join(libDir, v, 'bin', name));
  } catch {
    // no Debian-style install
  }
  for (const dir of (search.path ?? process.env.PATH ?? '').split(delimiter)) if (dir) candidates.add(join(dir, name));
  const found: DumpTool[] = [];
  for (const path of candidates) {
    if (!isExecutableFile(path)) continue;
    const version = toolVersion(path);
    const major = Number(/\)\s+(\d+)/.exec(version)?.[1]);
    if (Number.isFinite(major)) found.push({ path, major, version });
  }
  const usable = found.filter((t) => t.major >= serverMajor).sort((a, b) => a.major - b.major);
  if (usable[0]) return usable[0];
  const have = found.length ? ` Installed: ${[...new Set(found.map((t) => t.major))].sort().join(', ')}.` : ' None is installed.';
  throw new ToolMissingError(
    `${name} ${serverMajor} or newer is needed for this PostgreSQL ${serverMajor} server.${have} Install postgresql-client-${serverMajor} (Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}; macOS: brew install libpq).`,
  );
}

function toolVersion(path: string): string {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 5000, env: childEnvironment() as NodeJS.ProcessEnv }).trim();
  } catch {
    return '';
  }
}
