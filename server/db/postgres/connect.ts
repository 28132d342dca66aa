// Opening connections: the first one negotiates TLS (SSL mode "prefer" falls back to a
// plain connection when the server offers no TLS) within the connect timeout; later ones
// reuse what was negotiated.
import type { Socket } from 'node:net';
import pg from 'pg';
import { clientConfig, sslAttempts, type PostgresTarget, type SslOption } from './config.ts';
import { toConnectError } from './connect-errors.ts';

/** Connects one client with the given TLS option, or throws ConnectError. `plainSocket`: the socket to use when there is no TLS. */
export async function connectClient(target: PostgresTarget, ssl: SslOption, timeoutMs?: number, plainSocket?: () => Socket): Promise<pg.Client> {
  const client = new pg.Client({ ...clientConfig(target, ssl, timeoutMs), ...(ssl === false && plainSocket ? { stream: plainSocket } : {}) });
  try {
    await client.connect();
  } catch (error) {
    client.end().catch(() => {});
    throw toConnectError(error, target);
  }
  return client;
}

/** The first connection: tries the SSL mode's options in order, all within the timeout. */
export async function negotiate(target: PostgresTarget): Promise<{ client: pg.Client; ssl: SslOption }> {
  const deadline = Date.now() + target.connectTimeoutSeconds * 1000;
  const attempts = sslAttempts(target.ssl);
  for (let i = 0; ; i++) {
    const ssl = attempts[i]!;
    try {
      return { client: await connectClient(target, ssl, Math.max(1, deadline - Date.now())), ssl };
    } catch (error) {
      // "prefer": like libpq, retry in plain text when TLS was refused — by the server
      // (no TLS support) or by its pg_hba.conf (no hostssl line for us).
      const cause = (error as Error).cause;
      const refusedTls = (cause instanceof Error && cause.message.includes('does not support SSL')) || (cause instanceof pg.DatabaseError && cause.code === '28000');
      if (i + 1 < attempts.length && refusedTls && Date.now() < deadline) continue;
      throw error;
    }
  }
}
