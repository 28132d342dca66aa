// "Connect by URL": postgres://user:password@host:port/db?sslmode=… and sqlite:/path/to.db
// (or a bare file path) split into settings plus password. Errors say what is wrong with
// the URL without repeating it (it may contain a password).
import { isAbsolute } from 'node:path';
import { BadRequestError } from '../errors.ts';
import { SslMode, type ParsedConnectionUrl } from '../protocol/index.ts';

export function parseConnectionUrl(input: string): ParsedConnectionUrl {
  const text = input.trim();
  if (text.startsWith('/') || text.startsWith('sqlite:') || text.startsWith('file:')) return parseSqlite(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadRequestError('Not a connection URL. Expected postgres://user:password@host:5432/database or sqlite:/path/to/file.db.');
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme === 'postgres' || scheme === 'postgresql') return parsePostgres(url);
  if (scheme === 'mysql' || scheme === 'mariadb') throw new BadRequestError('MySQL and MariaDB are not supported yet.');
  throw new BadRequestError(`Unsupported URL scheme "${scheme}:". Use postgres:// or sqlite:.`);
}

function parsePostgres(url: URL): ParsedConnectionUrl {
  const params = url.searchParams;
  const sslmode = params.get('sslmode') ?? 'prefer';
  const mode = SslMode.safeParse(sslmode);
  if (!mode.success) throw new BadRequestError(`Unsupported sslmode "${sslmode}"; use one of ${SslMode.options.join(', ')}.`);
  const timeout = params.get('connect_timeout');
  const database = decode(url.pathname.replace(/^\//, ''), 'database name') || 'postgres';
  const user = decode(url.username, 'user name') || params.get('user') || 'postgres';
  const password = url.password ? decode(url.password, 'password') : (params.get('password') ?? undefined);
  return {
    settings: {
      engine: 'postgres',
      host: url.hostname.replace(/^\[|\]$/g, '') || params.get('host') || 'localhost',
      port: url.port ? Number(url.port) : 5432,
      database,
      user,
      ssl: { mode: mode.data },
      connectTimeoutSeconds: timeout && Number(timeout) > 0 ? Math.min(300, Number(timeout)) : 10,
    },
    ...(password ? { password } : {}),
  };
}

function parseSqlite(text: string): ParsedConnectionUrl {
  let file = text.replace(/^(sqlite|file):(\/\/(?=\/))?/, '');
  const query = file.indexOf('?');
  const params = new URLSearchParams(query >= 0 ? file.slice(query + 1) : '');
  if (query >= 0) file = file.slice(0, query);
  file = decode(file, 'file path');
  if (!isAbsolute(file)) throw new BadRequestError('A SQLite URL needs an absolute file path, e.g. sqlite:/home/me/data.db.');
  return { settings: { engine: 'sqlite', file, readOnly: params.get('mode') === 'ro' } };
}

/** Percent-decoding that names the part with a bad escape (never its text: it may be the password). */
function decode(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new BadRequestError(`The ${part} in the URL has a malformed %-escape: "%" must start an escape such as %40 for "@".`);
  }
}
