// Why a connection failed, in words a person can act on. Built from the settings (host,
// port, user, database) and the error's code — never from a connection string, so a
// password cannot leak into a message.
import pg from 'pg';
import { ConnectError } from '../errors.ts';
import { isCertificateError } from '../tls-errors.ts';
import type { PostgresTarget } from './config.ts';

function errorCode(error: unknown): string | undefined {
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // Several addresses tried (IPv6 and IPv4): an AggregateError.
  if (Array.isArray(errors)) return errors.map(errorCode).find(Boolean);
  return undefined;
}

export function toConnectError(error: unknown, target: PostgresTarget): ConnectError {
  const where = `${target.host}:${target.port}`;
  const message = error instanceof Error ? error.message : String(error);
  const fail = (text: string) => new ConnectError(text, { cause: error });

  if (error instanceof pg.DatabaseError) {
    switch (error.code) {
      case '28P01':
        return fail(`Password authentication failed for user "${target.user}" at ${where}.`);
      case '3D000':
        return fail(`Database "${target.database}" does not exist on ${where}.`);
      case '28000':
        return fail(`The server at ${where} refused user "${target.user}" for database "${target.database}": ${message}`);
      case '53300':
        return fail(`The server at ${where} has too many connections already: ${message}`);
      case '57P03':
        return fail(`The server at ${where} is not accepting connections yet (starting up or shutting down).`);
      default:
        return fail(`Could not connect to ${where} as "${target.user}" (database "${target.database}"): ${message}`);
    }
  }
  const code = errorCode(error);
  if (code === 'ECONNREFUSED') return fail(`Connection refused by ${where}. Is PostgreSQL running there and accepting TCP connections?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return fail(`Host "${target.host}" not found (DNS lookup failed).`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return fail(`Host ${target.host} is unreachable from this machine (${code}).`);
  if (code === 'ETIMEDOUT' || /timeout/i.test(message)) {
    return fail(`Timed out after ${target.connectTimeoutSeconds} s connecting to ${where}. Check the host, port and firewall, or raise the connection timeout.`);
  }
  if (message.includes('does not support SSL')) {
    return fail(`The server at ${where} does not support SSL, but SSL mode "${target.ssl.mode}" requires it. Choose "prefer" or "disable" for this server.`);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return fail(`The server's SSL certificate is not valid for host "${target.host}" (SSL mode verify-full): ${message}`);
  }
  if (isCertificateError(code)) {
    return fail(`SSL certificate verification failed for ${where} (SSL mode ${target.ssl.mode}): ${message}`);
  }
  if (message.includes('client password must be a string')) {
    return fail(`The server at ${where} asks for a password for user "${target.user}", but none was given.`);
  }
  if (code === 'ECONNRESET' || /terminated unexpectedly/i.test(message)) {
    return fail(`${where} closed the connection during the handshake. Is it a PostgreSQL server, and does its SSL setting match?`);
  }
  return fail(`Could not connect to ${where} as "${target.user}" (database "${target.database}"): ${message}`);
}
