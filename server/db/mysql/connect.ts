// Opening connections: the first one negotiates TLS (SSL mode "prefer" falls back to a
// plain connection when the server offers no TLS) within the connect timeout; later ones
// reuse what was negotiated.
// mysql2 itself is loaded by the first connection, not when the server starts: with
// iconv-lite's tables it is half of the server's bundle, and costs every start time and
// memory whether or not a MySQL connection is ever opened (README: Benchmarks).
import type mysql from 'mysql2';
import { connectionOptions, sslAttempts, type MysqlTarget, type SslOption } from './config.ts';
import { toConnectError } from './connect-errors.ts';

let loading: Promise<typeof mysql> | undefined;

/** The mysql2 module, loaded once, on first use. */
export function mysql2(): Promise<typeof mysql> {
  loading ??= import('mysql2').then((module) => module.default);
  return loading;
}

/** Connects one client with the given TLS option, or throws ConnectError. */
export async function connectClient(target: MysqlTarget, ssl: SslOption, timeoutMs?: number): Promise<mysql.Connection> {
  const mysql = await mysql2();
  return new Promise((resolve, reject) => {
    const connection = mysql.createConnection(connectionOptions(target, ssl, timeoutMs));
    connection.connect((error) => {
      if (!error) return resolve(connection);
      connection.destroy();
      reject(toConnectError(error, target));
    });
  });
}

/** The first connection: tries the SSL mode's options in order, all within the timeout. */
export async function negotiate(target: MysqlTarget): Promise<{ connection: mysql.Connection; ssl: SslOption }> {
  const deadline = Date.now() + target.connectTimeoutSeconds * 1000;
  const attempts = sslAttempts(target.ssl);
  for (let i = 0; ; i++) {
    const ssl = attempts[i]!;
    try {
      return { connection: await connectClient(target, ssl, Math.max(1, deadline - Date.now())), ssl };
    } catch (error) {
      // "prefer": retry in plain text when the server offers no TLS.
      const refusedTls = ((error as Error).cause as { code?: string } | undefined)?.code === 'HANDSHAKE_NO_SSL_SUPPORT';
      if (i + 1 < attempts.length && refusedTls && Date.now() < deadline) continue;
      throw error;
    }
  }
}
