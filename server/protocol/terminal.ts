// /ws/terminal: one pseudo-terminal per socket. Control messages are JSON text frames;
// terminal output travels as binary frames (raw bytes), input as `input` messages.
// Refused unless the server listens on loopback only.
import * as z from 'zod';
import { commonClientMessages, commonServerMessages, RequestId } from './envelope.ts';

const Size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };

export const TerminalOpen = z.object({
  type: z.literal('open'),
  id: RequestId,
  ...Size,
  /** Reattach to a session that survived a dropped connection (its scrollback is replayed). */
  sessionId: z.string().max(64).optional(),
  /** Start the connection's CLI (psql / sqlite3) instead of the user's shell. */
  cli: z.object({ connectionId: z.string().min(1) }).optional(),
});
export const TerminalInput = z.object({ type: z.literal('input'), data: z.string().max(64 * 1024) });
export const TerminalResize = z.object({ type: z.literal('resize'), ...Size });

export const TerminalClientMessage = z.discriminatedUnion('type', [...commonClientMessages, TerminalOpen, TerminalInput, TerminalResize]);
export type TerminalClientMessage = z.infer<typeof TerminalClientMessage>;

export const TerminalOpened = z.object({
  type: z.literal('opened'),
  id: RequestId,
  sessionId: z.string(),
  /** What runs in it, e.g. "/bin/bash" or "psql — Sample". */
  title: z.string(),
  reattached: z.boolean(),
});
export const TerminalExited = z.object({ type: z.literal('exited'), exitCode: z.number().int().nullable(), signal: z.number().int().nullable() });

export const TerminalServerMessage = z.discriminatedUnion('type', [...commonServerMessages, TerminalOpened, TerminalExited]);
export type TerminalServerMessage = z.infer<typeof TerminalServerMessage>;
