// A MySQL / MariaDB connection's settings. Isomorphic (zod only): the protocol's
// ConnectionSettings union, and so the app, import it. Same shape as PostgreSQL's, so the
// connection form's server fields serve both.
import * as z from 'zod';
import { SslSettings } from '../../protocol/ssl.ts';

export const MysqlSettings = z.object({
  engine: z.literal('mysql'),
  host: z.string().trim().min(1, 'Host is required'),
  port: z.number().int().min(1).max(65535).default(3306),
  /** The default database (what USE selects first); the explorer shows every database. */
  database: z.string().trim().min(1, 'Database is required'),
  user: z.string().trim().min(1, 'User is required'),
  ssl: SslSettings,
  connectTimeoutSeconds: z.number().int().min(1).max(300).default(10),
});
export type MysqlSettings = z.infer<typeof MysqlSettings>;
