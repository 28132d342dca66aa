// An SQLite connection's settings. Isomorphic (zod only): the protocol's
// ConnectionSettings union, and so the app, import it.
import * as z from 'zod';

export const SqliteSettings = z.object({
  engine: z.literal('sqlite'),
  /** Absolute path of the database file. */
  file: z.string().trim().min(1, 'Choose a database file'),
  readOnly: z.boolean().default(false),
});
export type SqliteSettings = z.infer<typeof SqliteSettings>;
