// postgres://user:password@host:port/db?sslmode=…&connect_timeout=… → settings + password,
// with libpq's defaults. Errors never repeat the URL: it may hold a password.
import type { ParsedConnectionUrl } from '../../protocol/index.ts';
import { SslMode } from '../../protocol/ssl.ts';
import { BadRequestError } from '../../errors.ts';
import { decodeUrlPart, type UrlFormat } from '../url-format.ts';

export const postgresUrl: UrlFormat = {
  schemes: ['postgres', 'postgresql'],
  parse(text: string): ParsedConnectionUrl {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new BadRequestError('Not a valid postgres:// URL. Expected postgres://user:password@host:5432/database.');
    }
    const params = url.searchParams;
    const sslmode = params.get('sslmode') ?? 'prefer';
    const mode = SslMode.safeParse(sslmode);
    if (!mode.success) throw new BadRequestError(`Unsupported sslmode "${sslmode}"; use one of ${SslMode.options.join(', ')}.`);
    const timeout = params.get('connect_timeout');
    const database = decodeUrlPart(url.pathname.replace(/^\//, ''), 'database name') || 'postgres';
    const user = decodeUrlPart(url.username, 'user name') || params.get('user') || 'postgres';
    const password = url.password ? decodeUrlPart(url.password, 'password') : (params.get('password') ?? undefined);
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
  },
};
