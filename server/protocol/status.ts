// GET /status: the health answer the desktop shell and monitors poll. Contains no secrets.
import * as z from 'zod';

export const CheckResult = z.object({ ok: z.boolean(), detail: z.string().optional() });

export const StatusResponse = z.object({
  status: z.enum(['starting', 'ok', 'degraded', 'stopping']),
  version: z.string(),
  pid: z.number().int(),
  port: z.number().int(),
  startedAt: z.string(),
  uptimeSeconds: z.number(),
  checks: z.record(z.string(), CheckResult),
});
export type StatusResponse = z.infer<typeof StatusResponse>;
