// Opening connections: the first one negotiates TLS (SSL mode "prefer" falls back to a
// plain connection when the server offers no TLS) within the connect timeout; later ones
// reuse what was negotiated.
import mysql from 'mysql2';
import { connectionOptions, sslAttempts, type MysqlTarget, type SslOption } from './config.ts';
import { toConnectError } from './connect-errors.ts';

/** Connects one client with the given TLS option, or throws ConnectError. */
export function connectClient(target: MysqlTarget, ssl: SslOption, timeoutMs?: number): Promise<mysql.Connection> {
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
