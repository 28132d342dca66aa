// Which MySQL / MariaDB tools back up and restore: mariadb-dump (else mysqldump) and the
// mariadb client (else mysql), found on PATH, with the version text the manifest records.
// A missing tool is a clear error naming the package to install.
import { execFileSync } from 'node:child_process';
import { childEnvironment } from '../../lifecycle/child-environment.ts';
import { ToolMissingError } from '../../backups/dump-tool-fallback.ts';
import { findOnPath } from '../../terminal/environment.ts';

export interface MysqlTool {
  path: string;
  /** As the tool prints it, e.g. "mariadb-dump Ver 10.19 Distrib 10.11.19-MariaDB". */
  version: string;
}

const NAMES = { dump: ['mariadb-dump', 'mysqldump'], client: ['mariadb', 'mysql'] } as const;

export function findMysqlTool(role: 'dump' | 'client', env: Record<string, string | undefined> = process.env): MysqlTool {
  for (const name of NAMES[role]) {
    const path = findOnPath(name, env);
    if (path) return { path, version: toolVersion(path) || name };
  }
  const [preferred, other] = NAMES[role];
  throw new ToolMissingError(
    `${preferred} (or ${other}) is needed to ${role === 'dump' ? 'back up' : 'restore'} MySQL / MariaDB databases and is not installed. Install it — Debian/Ubuntu: apt-get install mariadb-client; macOS: brew install mariadb — and try again.`,
  );
}

function toolVersion(path: string): string {
  try {
    // "mariadb-dump  Ver 10.19 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)": the platform says nothing useful.
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 5000, env: childEnvironment() as NodeJS.ProcessEnv }).trim().replace(/\s+/g, ' ').replace(/, for .*$/, '');
  } catch {
    return '';
  }
}
