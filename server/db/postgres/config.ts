// From saved settings to node-postgres connection options.
import type { ClientConfig } from 'pg';
import type { ConnectionOptions } from 'node:tls';
import type { ConnectTarget } from '../driver.ts';

export type PostgresTarget = Extract<ConnectTarget, { engine: 'postgres' }>;

/** What node-postgres' `ssl` option takes: false for a plain connection. */
export type SslOption = false | ConnectionOptions;

/**
 * The TLS options to try, in order, for an SSL mode (libpq's meanings):
 * - disable: plain; require: TLS without certificate checks;
 * - prefer: TLS without checks, or plain if the server does not offer TLS;
 * - verify-ca: the certificate must chain to the CA (the given PEM, else the system's);
 * - verify-full: that, and it must name the host.
 */
export function sslAttempts(ssl: PostgresTarget['ssl']): SslOption[] {
  switch (ssl.mode) {
    case 'disable':
      return [false];
    case 'prefer':
      return [{ rejectUnauthorized: false }, false];
    case 'require':
      return [{ rejectUnauthorized: false }];
    case 'verify-ca':
      return [{ ca: ssl.ca, rejectUnauthorized: true, checkServerIdentity: () => undefined }];
    case 'verify-full':
      return [{ ca: ssl.ca, rejectUnauthorized: true }];
  }
}

export function clientConfig(target: PostgresTarget, ssl: SslOption, timeoutMs = target.connectTimeoutSeconds * 1000): ClientConfig {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    database: target.database,
    password: target.password,
    ssl,
    connectionTimeoutMillis: timeoutMs,
    keepAlive: true,
    application_name: 'DB Toolkit',
  };
}
