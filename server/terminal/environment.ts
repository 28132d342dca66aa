// What a terminal's process starts with: the user's login shell in their home directory,
// the variables every child gets (lifecycle/child-environment.ts — never the token or the
// password key), and the terminal type xterm.js emulates.
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, isAbsolute, join } from 'node:path';
import { childEnvironment } from '../lifecycle/child-environment.ts';
import { TerminalStartError } from './errors.ts';

const FALLBACK_SHELLS = ['/bin/bash', '/bin/sh'];

export interface ShellCommand {
  command: string;
  args: string[];
  /** Shown as the tab's title, e.g. "bash". */
  title: string;
}

/** `$SHELL -l`, else /bin/bash, else /bin/sh: the first that exists and is executable. */
export function userShell(env: Record<string, string | undefined>): ShellCommand {
  const candidates = [env.SHELL, ...FALLBACK_SHELLS].filter((s): s is string => !!s && isAbsolute(s));
  const shell = candidates.find(isExecutableFile);
  if (!shell) throw new TerminalStartError(`No usable shell found: tried ${candidates.join(', ')}.`);
  return { command: shell, args: ['-l'], title: basename(shell) };
}

/** The environment for a terminal's process, before command-specific variables. */
export function terminalEnvironment(env: Record<string, string | undefined>): Record<string, string> {
  return childEnvironment(env, { TERM: 'xterm-256color', COLORTERM: 'truecolor' });
}

/** The user's home directory, or / when it is gone. */
export function startDirectory(): string {
  const home = homedir();
  try {
    if (statSync(home).isDirectory()) return home;
  } catch {
    // fall through
  }
  return '/';
}

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` in PATH's absolute directories. */
export function findOnPath(name: string, env: Record<string, string | undefined>): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue; // a relative PATH entry would depend on the server's cwd
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}
