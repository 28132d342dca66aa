// mysql://user:password@host:port/db?ssl-mode=…&connect_timeout=… (also mariadb://) →
// settings + password. SSL modes by their libpq names (sslmode=) or MySQL's (ssl-mode=
// DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY). Errors never repeat the URL:
// it may hold a password.
import type { ParsedConnectionUrl } from '../../protocol/index.ts';
import { SslMode } from '../../protocol/ssl.ts';
import { BadRequestError } from '../../errors.ts';
import { decodeUrlPart, type UrlFormat } from '../url-format.ts';

const MYSQL_SSL_MODES: Record<string, SslMode> = {
  disabled: 'disable',
  preferred: 'prefer',
  required: 'require',
  verify_ca: 'verify-ca',
  verify_identity: 'verify-full',
};

export const mysqlUrl: UrlFormat = {
  schemes: ['mysql', 'mariadb'],
  parse(text: string): ParsedConnectionUrl {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new BadRequestError('Not a valid mysql:// URL. Expected mysql://user:password@host:3306/database.');
    }
    const params = url.searchParams;
    const given = params.get('ssl-mode') ?? params.get('sslmode') ?? params.get('ssl_mode') ?? 'prefer';
    const mode = MYSQL_SSL_MODES[given.toLowerCase()] ?? SslMode.safeParse(given.toLowerCase()).data;
    if (!mode) {
      throw new BadRequestError(`Unsupported SSL mode "${given}"; use one of ${SslMode.options.join(', ')} (or MySQL's DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY).`);
    }
    const timeout = params.get('connect_timeout') ?? params.get('connectTimeout');
    const database = decodeUrlPart(url.pathname.replace(/^\//, ''), 'database name') || 'mysql';
    const user = decodeUrlPart(url.username, 'user name') || params.get('user') || 'root';
    const password = url.password ? decodeUrlPart(url.password, 'password') : (params.get('password') ?? undefined);
    return {
      settings: {
        engine: 'mysql',
        host: url.hostname.replace(/^\[|\]$/g, '') || 'localhost',
        port: url.port ? Number(url.port) : 3306,
        database,
        user,
        ssl: { mode },
        connectTimeoutSeconds: timeout && Number(timeout) > 0 ? Math.min(300, Math.round(Number(timeout))) : 10,
      },
      ...(password ? { password } : {}),
    };
  },
};
