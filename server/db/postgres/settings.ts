// A PostgreSQL connection's settings. Isomorphic (zod only): the protocol's
// ConnectionSettings union, and so the app, import it.
import * as z from 'zod';
import { SslSettings } from '../../protocol/ssl.ts';

export const PostgresSettings = z.object({
  engine: z.literal('postgres'),
  host: z.string().trim().min(1, 'Host is required'),
  port: z.number().int().min(1).max(65535).default(5432),
  database: z.string().trim().min(1, 'Database is required'),
  user: z.string().trim().min(1, 'User is required'),
  ssl: SslSettings,
  connectTimeoutSeconds: z.number().int().min(1).max(300).default(10),
});
export type PostgresSettings = z.infer<typeof PostgresSettings>;
