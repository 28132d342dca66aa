// What a child of the server — a terminal's shell, psql, sqlite3, a SQLite session process,
// a job's tool — starts with. An allow-list, not a deny-list: the server's environment holds
// the launch token and the password key, and may hold any other credential of whoever
// started it (cloud keys, tokens); a child gets only what a program needs to run, plus
// what its caller adds on purpose (PGPASSWORD for psql, TERM for a terminal). A login shell
// rebuilds the rest of the user's environment from their profile.
type Environment = Record<string, string | undefined>;

const INHERITED = new RegExp(
  '^(' +
    [
      'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'LC_[A-Z]+', 'TZ', 'TMPDIR', 'TEMP', 'TMP',
      // a desktop session, for programs started from a terminal
      'DISPLAY', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR',
      // what a Windows program cannot start without
      'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'PATHEXT', 'COMSPEC', 'USERPROFILE', 'LOCALAPPDATA', 'APPDATA', 'PROGRAMDATA',
    ].join('|') +
    ')$',
  'i',
);

/** The environment for a child: the allowed variables of `env`, then `extra` on top. */
export function childEnvironment(env: Environment = process.env, extra: Record<string, string> = {}): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && INHERITED.test(name)) result[name] = value;
  return { ...result, ...extra };
}
