// From saved settings to mysql2 connection options. Results come back as text exactly as
// the server sent it (types.ts), rows as arrays (duplicate column names survive).
import type { ConnectionOptions, SslOptions } from 'mysql2';
import type { ConnectTarget } from '../driver.ts';
import { typeCast } from './types.ts';

export type MysqlTarget = Extract<ConnectTarget, { engine: 'mysql' }>;

/** What mysql2's `ssl` option takes: undefined for a plain connection. */
export type SslOption = SslOptions | undefined;

/**
 * The TLS options to try, in order, for an SSL mode (libpq's names; MySQL's DISABLED,
 * PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY mean the same):
 * - disable: plain; require: TLS without certificate checks;
 * - prefer: TLS without checks, or plain if the server offers no TLS;
 * - verify-ca: the certificate must chain to the CA (the given PEM, else the system's);
 * - verify-full: that, and it must name the host.
 */
export function sslAttempts(ssl: MysqlTarget['ssl']): SslOption[] {
  const ca = ssl.ca ? { ca: ssl.ca } : {};
  switch (ssl.mode) {
    case 'disable':
      return [undefined];
    case 'prefer':
      return [{ rejectUnauthorized: false }, undefined];
    case 'require':
      return [{ rejectUnauthorized: false }];
    case 'verify-ca':
      return [{ ...ca, rejectUnauthorized: true, verifyIdentity: false }];
    case 'verify-full':
      return [{ ...ca, rejectUnauthorized: true, verifyIdentity: true }];
  }
}

export function connectionOptions(target: MysqlTarget, ssl: SslOption, timeoutMs = target.connectTimeoutSeconds * 1000): ConnectionOptions {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password ?? '',
    database: target.database,
    ssl,
    connectTimeout: timeoutMs,
    enableKeepAlive: true,
    charset: 'UTF8MB4_UNICODE_CI',
    rowsAsArray: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    typeCast,
    // One statement per query: a script is split by the app's splitter, and a statement
    // smuggled behind a semicolon cannot run.
    multipleStatements: false,
    connectAttributes: { program_name: 'DB Toolkit' },
  };
}
