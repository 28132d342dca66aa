// TLS modes of a network connection, with libpq's names and meanings (see
// db/postgres/config.ts). Shared by the engines whose settings have an `ssl` part.
import * as z from 'zod';

export const SslMode = z.enum(['disable', 'prefer', 'require', 'verify-ca', 'verify-full']);
export type SslMode = z.infer<typeof SslMode>;

export const SslSettings = z
  .object({
    mode: SslMode.default('prefer'),
    /** PEM text of the CA certificate (verify-ca / verify-full). */
    ca: z.string().optional(),
  })
  .default({ mode: 'prefer' });
