// Why a connection failed, in words a person can act on. Built from the settings (host,
// port, user, database) and the error's code — never from a connection string, so a
// password cannot leak into a message.
import { ConnectError } from '../errors.ts';
import { isCertificateError } from '../tls-errors.ts';
import type { MysqlTarget } from './config.ts';

interface MysqlErrorLike {
  code?: unknown;
  errno?: unknown;
  sqlMessage?: unknown;
  errors?: unknown;
  cause?: unknown;
}

function errorCode(error: unknown): string | undefined {
  const { code, errors } = (error ?? {}) as MysqlErrorLike;
  if (typeof code === 'string') return code;
  // Several addresses tried (IPv6 and IPv4): an AggregateError.
  if (Array.isArray(errors)) return errors.map(errorCode).find(Boolean);
  return undefined;
}

export function toConnectError(error: unknown, target: MysqlTarget): ConnectError {
  if (error instanceof ConnectError) return error;
  const where = `${target.host}:${target.port}`;
  const details = (error ?? {}) as MysqlErrorLike;
  const message = typeof details.sqlMessage === 'string' ? details.sqlMessage : error instanceof Error ? error.message : String(error);
  const fail = (text: string) => new ConnectError(text, { cause: error });
  const code = errorCode(error);

  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return fail(
        target.password
          ? `Access denied for user "${target.user}" at ${where}: wrong password, or this user may not connect from here (or only over SSL).`
          : `Access denied for user "${target.user}" at ${where}: the server wants a password, and none was given.`,
      );
    case 'ER_BAD_DB_ERROR':
      return fail(`Database "${target.database}" does not exist on ${where}.`);
    case 'ER_DBACCESS_DENIED_ERROR':
      return fail(`User "${target.user}" may not use database "${target.database}" on ${where}.`);
    case 'ER_CON_COUNT_ERROR':
    case 'ER_TOO_MANY_USER_CONNECTIONS':
      return fail(`The server at ${where} has too many connections already: ${message}`);
    case 'ER_HOST_NOT_PRIVILEGED':
      return fail(`The server at ${where} does not accept connections from this machine: ${message}`);
    case 'ER_SECURE_TRANSPORT_REQUIRED':
      return fail(`The server at ${where} requires SSL. Choose SSL mode "require" (or a verify mode) for this connection.`);
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return fail(`The server at ${where} does not support SSL, but SSL mode "${target.ssl.mode}" requires it. Choose "prefer" or "disable" for this server.`);
    case 'ECONNREFUSED':
      return fail(`Connection refused by ${where}. Is MySQL/MariaDB running there and accepting TCP connections?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return fail(`Host "${target.host}" not found (DNS lookup failed).`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return fail(`Host ${target.host} is unreachable from this machine (${code}).`);
    case 'ETIMEDOUT':
      return fail(`Timed out after ${target.connectTimeoutSeconds} s connecting to ${where}. Check the host, port and firewall, or raise the connection timeout.`);
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return fail(`The server's SSL certificate is not valid for host "${target.host}" (SSL mode verify-full): ${message}`);
    case 'HANDSHAKE_SSL_ERROR':
      // mysql2 replaces the TLS error's own code with this one; its message remains.
      if (/altnames|does not match/i.test(message)) return fail(`The server's SSL certificate is not valid for host "${target.host}" (SSL mode verify-full): ${message}`);
      return fail(`SSL certificate verification failed for ${where} (SSL mode ${target.ssl.mode}): ${message}`);
  }
  if (isCertificateError(code)) {
    return fail(`SSL certificate verification failed for ${where} (SSL mode ${target.ssl.mode}): ${message}`);
  }
  if (code === 'ECONNRESET' || code === 'PROTOCOL_CONNECTION_LOST' || code === 'PROTOCOL_SEQUENCE_TIMEOUT') {
    return fail(`${where} closed the connection during the handshake. Is it a MySQL/MariaDB server, and does its SSL setting match?`);
  }
  return fail(`Could not connect to ${where} as "${target.user}" (database "${target.database}"): ${message}`);
}
